/**
 * A conversation's preview: whole code points, at most PREVIEW_LENGTH of them, white space runs joined
 * into one space. Checked against that definition spelled the plain way, over texts generated from
 * characters of one and two UTF-16 units, lone surrogates and white space, short and long.
 */
import { describe, expect, it } from 'vitest';
import { PREVIEW_LENGTH, previewOf } from '../../core/inbox-types.js';

const byDefinition = (text: string) =>
  [...text.replace(/\s+/g, ' ').trim()].slice(0, PREVIEW_LENGTH).join('');

const PIECES = ['a', ' ', '\n', '\t', 'é', 'ß', '😀', '👍🏽', '𝔸', '\ud800', '\udc00', '\u00a0'];

/** A small deterministic generator (mulberry32): the same texts on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('previewOf', () => {
  it('keeps whole code points up to the limit, white space joined, for every generated text', () => {
    const next = random(17);
    for (let i = 0; i < 20_000; i++) {
      const length = Math.floor(next() * (PREVIEW_LENGTH * 2 + 20));
      let text = '';
      for (let j = 0; j < length; j++) text += PIECES[Math.floor(next() * PIECES.length)];
      expect(previewOf(text)).toBe(byDefinition(text));
    }
  });

  it('cuts at the limit exactly, never inside a character of two units', () => {
    const emoji = '😀'.repeat(PREVIEW_LENGTH + 5);
    expect([...previewOf(emoji)]).toHaveLength(PREVIEW_LENGTH);
    expect(previewOf(`x${emoji}`)).toBe(`x${'😀'.repeat(PREVIEW_LENGTH - 1)}`);
    expect(previewOf('  a \n\n b  ')).toBe('a b');
    expect(previewOf('')).toBe('');
  });
});
