import { describe, expect, it } from 'vitest';
import { countSegments } from '../../../bots/sms/segments.js';

describe('SMS segments', () => {
  it.each([
    ['', 'GSM-7', 1],
    ['Bonjour à tous, le cours de samedi est confirmé.', 'GSM-7', 1],
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['a'.repeat(306), 'GSM-7', 2],
    ['a'.repeat(307), 'GSM-7', 3],
    // Extension characters take two septets.
    ['€'.repeat(80), 'GSM-7', 1],
    ['€'.repeat(81), 'GSM-7', 2],
    // One character outside GSM-7 turns the whole message into UCS-2.
    ['Grüezi mitenand, ça va? ✓', 'UCS-2', 1],
    ['Ç'.repeat(70), 'GSM-7', 1],
    // Lower-case ç is not in GSM 03.38 (only Ç is).
    ['ç', 'UCS-2', 1],
    ['ê'.repeat(70), 'UCS-2', 1],
    ['ê'.repeat(71), 'UCS-2', 2],
    ['ê'.repeat(134), 'UCS-2', 2],
    ['ê'.repeat(135), 'UCS-2', 3],
    // An emoji is two UTF-16 units.
    ['😀'.repeat(35), 'UCS-2', 1],
    ['😀'.repeat(36), 'UCS-2', 2],
  ])('%#: %j is %s in %i segment(s)', (text, encoding, segments) => {
    expect(countSegments(text)).toEqual({ encoding, segments });
  });

  it('never splits an extension character across two parts', () => {
    // 152 plain characters then "€" (2 septets) does not fit the first 153-septet part.
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
    expect(countSegments(`${'a'.repeat(151)}€${'a'.repeat(153)}`).segments).toBe(2);
  });
});
