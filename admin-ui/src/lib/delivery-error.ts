import type { I18n, MessageKey } from './i18n.js';
import { CHANNEL_LABELS } from './types.js';

/** Why a message or a campaign delivery did not go out, by the codes Kora itself gives. */
const KNOWN: Record<string, MessageKey> = {
  no_identity: 'deliveryError.no_identity',
  opted_out: 'deliveryError.opted_out',
  not_found: 'deliveryError.not_found',
  channel_unavailable: 'deliveryError.channel_unavailable',
  cancelled: 'deliveryError.cancelled',
};

/**
 * The reason as a sentence in the panel's language. A provider's own code (Telegram, Twilio…) has no
 * sentence here: it shows as a code the coach can look up, not as the provider's English text.
 */
export function deliveryErrorText(
  error: { code: string; message?: string } | null,
  channel: string | null,
  { t }: I18n,
): string {
  const name = channel ? (CHANNEL_LABELS[channel] ?? channel) : t('deliveryError.thisChannel');
  if (!error) return t('deliveryError.unknown');
  const key = KNOWN[error.code];
  return key ? t(key, { channel: name }) : t('deliveryError.other', { code: error.code });
}
