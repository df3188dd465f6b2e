/** Booking codes: short, unambiguous when read aloud or typed (no 0/O, 1/I/L), random. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 6;

export function newBookingCode(): string {
  const bytes = new Uint8Array(LENGTH);
  globalThis.crypto.getRandomValues(bytes);
  // 256 % 31 leaves a slight bias; a code is a label, not a secret (check-in needs the coach's session).
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** What a person typed or scanned, as stored (upper case, no spaces or dashes). */
export function normaliseCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}
