/**
 * A search typed as a phone number ("079 123", "+41 79 123", "0041 79…") rewritten to the E.164 prefix
 * contacts store ("+4179123"), so a national format finds the number. A leading single 0 is the default
 * country's trunk prefix (Swiss, as for imports: server/phone.ts). Anything else is left as typed.
 */
import { type CountryCode, getCountryCallingCode } from 'libphonenumber-js/max';
import { DEFAULT_PHONE_COUNTRY } from '../phone.js';

const PHONE_LIKE = /^[\d\s+()./-]+$/;
const MIN_DIGITS = 3;

export function phoneSearchQuery(query: string, country: string = DEFAULT_PHONE_COUNTRY): string {
  const text = query.trim();
  if (!PHONE_LIKE.test(text)) return query;
  const digits = text.replace(/\D/g, '');
  if (digits.length < MIN_DIGITS) return query;
  if (text.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `+${getCountryCallingCode(country as CountryCode)}${digits.slice(1)}`;
  // Digits without a prefix: part of a number, matched anywhere in it.
  return digits;
}
