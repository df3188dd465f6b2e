/**
 * One-time recovery codes, for a lost phone: 10 codes of 10 base32 characters (50 bits each), shown
 * once; the database keeps only their sha256, so a copy of it yields no usable code.
 */
import { createHash, randomBytes } from 'node:crypto';
import { base32Encode } from './totp.js';

export const RECOVERY_CODE_COUNT = 10;

/** `abcde-fghij`: lowercase, in two groups, easy to read out and type. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const code = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** Spaces, dashes and case do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toLowerCase();
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z2-7]{10}$/.test(normalizeRecoveryCode(code));
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code)).digest('base64url');
}
