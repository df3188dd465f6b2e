import { ApiError } from './fetch-json.js';
import type { I18n, MessageKey } from './i18n.js';

/** Codes with their own sentence, whatever the field. */
const KNOWN: Record<string, MessageKey> = {
  invalid_credentials: 'error.invalid_credentials',
  invalid_setup_token: 'error.invalid_setup_token',
  network_error: 'error.network_error',
  forbidden: 'error.forbidden',
  invalid_code: 'error.invalid_code',
  totp_required: 'error.totp_required',
  invalid_password: 'error.invalid_password',
  payload_too_large: 'error.payload_too_large',
};

/**
 * A refused field (code `validation_failed`) with a sentence of its own: what the field must hold, so
 * the coach knows what to change. Fields are named without their list positions (`targets.2.id` is
 * `targets.id`) and fall back to their parent (`discount.percent` to `discount`).
 */
const FIELD_SENTENCES: Record<string, MessageKey> = {
  message: 'fieldError.message',
  mediaUrl: 'fieldError.url',
  paymentUrl: 'fieldError.url',
  paymentLinks: 'fieldError.url',
  targets: 'fieldError.targets',
  channels: 'fieldError.channels',
  schedule: 'fieldError.schedule',
  'schedule.at': 'fieldError.schedule',
  'schedule.slots': 'fieldError.scheduleSlots',
  rate: 'fieldError.rate',
  quietHours: 'fieldError.quietHours',
  whatsappTemplate: 'fieldError.waTemplate',
  'whatsappTemplate.variables': 'fieldError.waVariables',
  discount: 'fieldError.discount',
  validUntil: 'fieldError.validUntil',
  maxUses: 'fieldError.maxUses',
  currency: 'fieldError.currency',
  price: 'fieldError.price',
  'price.currency': 'fieldError.currency',
  customPrompt: 'fieldError.customPrompt',
  safeDomains: 'fieldError.safeDomains',
  email: 'fieldError.email',
  password: 'fieldError.password',
  text: 'fieldError.text',
  file: 'fieldError.file',
  ids: 'fieldError.ids',
  accentColor: 'fieldError.accentColor',
  logoUrl: 'fieldError.logoUrl',
  phone: 'fieldError.phone',
  columns: 'fieldError.columns',
  weekly: 'fieldError.hours',
  awayMessage: 'fieldError.awayMessage',
};

/** Any other field, by the label the panel shows for it, in a general sentence. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'field.name',
  title: 'catalog.articleTitle',
  body: 'catalog.body',
  description: 'catalog.description',
  code: 'catalog.code',
  kind: 'catalog.kind',
  phone: 'field.phone',
  tags: 'field.tags',
  role: 'field.role',
  mode: 'links.mode',
  basePrompt: 'assistant.basePrompt',
  campaignPrompt: 'assistant.campaignPrompt',
  offTopicReply: 'assistant.offTopicReply',
  provider: 'assistant.provider',
  model: 'assistant.model',
  'memory.messages': 'assistant.memoryMessages',
  'memory.hours': 'assistant.memoryHours',
  welcomeMessage: 'webChat.welcomeMessage',
  replyTime: 'webChat.replyTime',
  // Classes and packs (messages-bookings-*.ts).
  place: 'class.place',
  startsAt: 'class.startsAt',
  durationMinutes: 'class.duration',
  capacity: 'class.capacity',
  payment: 'class.payment',
  'repeat.until': 'class.until',
  'repeat.except': 'class.except',
  reminders: 'class.reminders',
  sessions: 'packs.sessions',
};

/** `targets.2.id` → [`targets.id`, `targets`]: the field without list positions, then its parents. */
function candidates(field: string): string[] {
  const parts = field.split('.').filter((part) => !/^\d+$/.test(part));
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

function lookup(table: Record<string, MessageKey>, field: string): MessageKey | undefined {
  for (const name of candidates(field)) if (Object.hasOwn(table, name)) return table[name];
  return undefined;
}

/** The field as the panel names it: its label, else its own name. */
function fieldName(field: string, t: I18n['t']): string {
  const label = lookup(FIELD_LABELS, field);
  return label ? t(label) : (candidates(field)[0] ?? field);
}

function fieldSentence(error: ApiError, field: string, t: I18n['t']): string {
  if (error.code === 'conflict') {
    if (field === 'status') return t('error.conflict.status');
    if (field === 'role') return t('error.conflict.lastOwner');
    return t('error.conflict.field', { field: fieldName(field, t) });
  }
  if (error.code === 'not_found') return t('error.not_found');
  const sentence = lookup(FIELD_SENTENCES, field);
  return sentence ? t(sentence) : t('error.field', { field: fieldName(field, t) });
}

/**
 * What to show the user for a failed call: always a sentence in their language, from the error's
 * code and field, never the API's own (English, developer-facing) message.
 */
export function errorMessage(error: unknown, { lang, t }: I18n): string {
  if (!(error instanceof ApiError)) return t('error.generic', { code: 'client' });
  if (error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
    const plural = new Intl.PluralRules(lang).select(minutes) === 'one' ? 'one' : 'other';
    return t(`error.tooManyAttempts.${plural}`, { n: minutes });
  }
  const key = KNOWN[error.code];
  if (key) return t(key);
  if (error.field) return fieldSentence(error, error.field, t);
  if (error.code === 'not_found') return t('error.not_found');
  if (error.code === 'conflict') return t('error.conflict');
  return t('error.generic', { code: error.code });
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
