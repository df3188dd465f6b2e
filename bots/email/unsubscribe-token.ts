/**
 * The token of an unsubscribe link: the address and an HMAC of it under SECRET_KEY, so a link opts out
 * only the address it was sent to and nobody can forge one for another address. It does not expire:
 * a campaign email's link must work as long as the email is kept.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

function mac(secretKey: string, address: string): Buffer {
  return createHmac('sha256', secretKey).update(`kora-email-unsubscribe\u0000${address}`).digest();
}

export function unsubscribeToken(secretKey: string, address: string): string {
  const normalized = address.trim().toLowerCase();
  return `${Buffer.from(normalized).toString('base64url')}.${mac(secretKey, normalized).toString('base64url')}`;
}

/** The address the token was made for; null when it is malformed or not ours. */
export function readUnsubscribeToken(secretKey: string, token: string): string | null {
  const [encoded, signature, extra] = token.split('.');
  if (!encoded || !signature || extra !== undefined) return null;
  const address = Buffer.from(encoded, 'base64url').toString('utf8');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secretKey, address);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return address;
}
