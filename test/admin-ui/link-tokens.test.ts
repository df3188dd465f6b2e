import { describe, expect, it } from 'vitest';
import { linkToken, withLinkIds, withLinkNames } from '../../admin-ui/src/lib/link-tokens.js';

const links = [
  { id: '01AAA', name: 'Instagram bio' },
  { id: '01BBB', name: 'Flyer' },
  { id: '01CCC', name: 'Flyer' },
  { id: '01DDD', name: 'Odd {name}' },
];

describe('{link:…} in the composer', () => {
  it('reads ids as names and writes names back as ids', () => {
    const stored = 'Book: {link:01AAA} or {link:01AAA}!';
    const shown = withLinkNames(stored, links);
    expect(shown).toBe('Book: {link:Instagram bio} or {link:Instagram bio}!');
    expect(withLinkIds(shown, links)).toBe(stored);
  });

  it('keeps the id where a name is shared or cannot be read back, so the round trip is exact', () => {
    const stored = '{link:01BBB} {link:01CCC} {link:01DDD} {link:01ZZZ}';
    expect(withLinkNames(stored, links)).toBe(stored);
    expect(withLinkIds(stored, links)).toBe(stored);
    expect(linkToken(links[1]!, links)).toBe('{link:01BBB}');
    expect(linkToken(links[3]!, links)).toBe('{link:01DDD}');
    expect(linkToken(links[0]!, links)).toBe('{link:Instagram bio}');
  });

  it('leaves {firstName}, {name} and unknown names alone', () => {
    const text = 'Hi {firstName} {name}, {link:Nowhere}';
    expect(withLinkIds(text, links)).toBe(text);
    expect(withLinkNames(text, links)).toBe(text);
  });
});
