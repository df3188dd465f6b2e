/**
 * Phone numbers to E.164 (libphonenumber-js), the one place that decides it for contacts imports and
 * lead capture alike. Numbers without a country prefix are read as Swiss; "00" counts as "+".
 */
import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';

export const DEFAULT_PHONE_COUNTRY = 'CH';

const PROBLEMS: Record<string, string> = {
  NOT_A_NUMBER: 'not a phone number',
  INVALID_COUNTRY: 'unknown country code',
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'wrong length for its country',
};

/** The number in E.164, or why it is not one. */
export function parsePhone(raw: string): { e164: string } | { problem: string } {
  const value = raw.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(value, DEFAULT_PHONE_COUNTRY);
  if (parsed?.isValid()) return { e164: parsed.number };
  const problem = validatePhoneNumberLength(value, DEFAULT_PHONE_COUNTRY);
  return { problem: PROBLEMS[problem ?? ''] ?? 'not a valid number' };
}

export function toE164(raw: string): string | null {
  const result = parsePhone(raw);
  return 'e164' in result ? result.e164 : null;
}
