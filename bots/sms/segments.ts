/**
 * How many SMS segments a text costs (what carriers bill and what Twilio's 1 segment/s long-code
 * pacing counts). GSM-7 when every character is in the GSM 03.38 alphabet (160 per single message,
 * 153 per part when concatenated; the extension characters take two septets and are never split
 * across parts), otherwise UCS-2 (70 UTF-16 units, 67 per part; a surrogate pair is never split).
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  segments: number;
}

/** The cost of each character in its encoding's units, or null when the text is not GSM-7. */
function gsmUnits(text: string): number[] | null {
  const units: number[] = [];
  for (const char of text) {
    if (BASIC.has(char)) units.push(1);
    else if (EXTENDED.has(char)) units.push(2);
    else return null;
  }
  return units;
}

function countParts(units: number[], single: number, part: number): number {
  const total = units.reduce((sum, n) => sum + n, 0);
  if (total <= single) return 1;
  let parts = 1;
  let used = 0;
  for (const n of units) {
    if (used + n > part) {
      parts++;
      used = 0;
    }
    used += n;
  }
  return parts;
}

export function countSegments(text: string): SmsSegments {
  const gsm = gsmUnits(text);
  if (gsm) return { encoding: 'GSM-7', segments: countParts(gsm, 160, 153) };
  // UCS-2 counts UTF-16 code units; characters outside the BMP (emoji) take two and stay whole.
  const ucs = [...text].map((char) => char.length);
  return { encoding: 'UCS-2', segments: countParts(ucs, 70, 67) };
}
