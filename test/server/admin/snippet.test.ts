import { describe, expect, it } from 'vitest';
import { snippetOf } from '../../../server/admin/snippet.js';

describe('search passages', () => {
  it('cuts a window around the first word found, ignoring case and accents', () => {
    const text = `${'avant '.repeat(40)}le cours de PILÂTES du mardi ${'après '.repeat(40)}`;
    const passage = snippetOf(text, 'pilates');
    expect(passage).toMatch(/^….*PILÂTES du mardi.*…$/);
    expect(passage.length).toBeLessThan(220);
  });

  it('finds a word at its start only, and keeps a short text whole', () => {
    expect(snippetOf('Le yoga et le prénatal', 'natal')).toBe('Le yoga et le prénatal');
    expect(snippetOf('Zoë écrit', 'zoe')).toBe('Zoë écrit');
    const long = `${'x '.repeat(100)}natal ${'y '.repeat(100)}`;
    expect(snippetOf(long, 'natal')).toContain('natal');
  });
});
