/** Phone numbers in logs: country code and last digits only (`+41•••••4567`). */
export function maskPhone(value: string | null | undefined): string {
  if (!value) return '';
  const number = value.replace(/^whatsapp:/, '');
  const digits = number.replace(/\D/g, '');
  if (digits.length < 6) return '•••';
  const prefix = number.startsWith('+') ? `+${digits.slice(0, 2)}` : digits.slice(0, 2);
  return `${prefix}${'•'.repeat(Math.max(3, digits.length - 6))}${digits.slice(-4)}`;
}
