import { ApiError } from './fetch-json.js';
import type { I18n, MessageKey } from './i18n.js';

const KNOWN: Record<string, MessageKey> = {
  invalid_credentials: 'error.invalid_credentials',
  invalid_setup_token: 'error.invalid_setup_token',
  network_error: 'error.network_error',
  forbidden: 'error.forbidden',
  invalid_code: 'error.invalid_code',
  totp_required: 'error.totp_required',
  invalid_password: 'error.invalid_password',
};

/** What to show the user for a failed call, in their language where the code is known. */
export function errorMessage(error: unknown, { lang, t }: I18n): string {
  if (!(error instanceof ApiError)) return t('error.generic', { code: 'client' });
  if (error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
    const plural = new Intl.PluralRules(lang).select(minutes) === 'one' ? 'one' : 'other';
    return t(`error.tooManyAttempts.${plural}`, { n: minutes });
  }
  const key = KNOWN[error.code];
  if (key) return t(key);
  return error.message || t('error.generic', { code: error.code });
}

export interface PlacedError {
  /** Shown above the form. */
  form?: string;
  /** Shown under the named field. */
  fields: Record<string, string>;
}

/**
 * Puts an API error next to the field it names when the form has that field (or a field holding it:
 * `targets.2.id` goes to `targets`), else above the form.
 */
export function placeError(error: unknown, i18n: I18n, fields: readonly string[]): PlacedError {
  if (error == null) return { fields: {} };
  const message = errorMessage(error, i18n);
  const named = error instanceof ApiError ? error.field : undefined;
  if (named) {
    const holder = fields
      .filter((field) => named === field || named.startsWith(`${field}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (holder) return { fields: { [holder]: message } };
  }
  return { form: message, fields: {} };
}
