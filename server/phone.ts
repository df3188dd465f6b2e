/** Phone numbers to E.164 (libphonenumber-js); numbers without a country prefix are read as Swiss. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export const DEFAULT_PHONE_COUNTRY = 'CH';

export function toE164(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.replace(/^00/, '+'), DEFAULT_PHONE_COUNTRY);
  return parsed?.isValid() ? parsed.number : null;
}
