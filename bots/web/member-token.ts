/**
 * Web chat member tokens: `<memberId>.<HMAC-SHA256>` with a key derived from SECRET_KEY for this one
 * purpose. They hold no expiry on purpose: a visitor who comes back weeks later keeps their history.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface MemberTokens {
  sign(memberId: string): string;
  /** The member id, or null when the token was not made with this key. */
  verify(token: string): string | null;
}

export function createMemberTokens(secretKey: string): MemberTokens {
  const key = createHmac('sha256', secretKey).update('kora/web-member-token/v1').digest();
  const mac = (memberId: string) => createHmac('sha256', key).update(memberId).digest();
  return {
    sign: (memberId) => `${memberId}.${mac(memberId).toString('base64url')}`,
    verify(token) {
      const dot = token.lastIndexOf('.');
      if (dot <= 0) return null;
      const memberId = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = mac(memberId);
      return given.length === expected.length && timingSafeEqual(given, expected) ? memberId : null;
    },
  };
}
