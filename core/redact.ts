/** Helpers that keep personal data and secrets out of logs. */

/** "+41791234567" → "+4179*****67": enough to tell numbers apart in a log, not enough to call them. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.length <= 6) return '*'.repeat(digits.length);
  return `${digits.slice(0, 5)}${'*'.repeat(digits.length - 7)}${digits.slice(-2)}`;
}

/** "a1b2c3d4e5" → "a1b2…": identifies a token in a log without revealing it. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '…' : `${secret.slice(0, 4)}…`;
}
