/**
 * Booking codes: six letters, unambiguous when read aloud or typed (no I, L, O), random (23^6 = 148
 * million). Letters only: a digit beside a letter reads as an amount to the STRICT guard ("7K3SWB" is
 * 7 thousand, "FR7…" francs), and a STRICT booking message must reach the customer whole.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const ALPHABET = CODE_ALPHABET;
const LENGTH = 6;

export function newBookingCode(): string {
  const bytes = new Uint8Array(LENGTH);
  globalThis.crypto.getRandomValues(bytes);
  // 256 % 23 leaves a slight bias; a code is a label, not a secret (check-in needs the coach's session).
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** What a person typed or scanned, as stored (upper case, no spaces or dashes). */
export function normaliseCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}
