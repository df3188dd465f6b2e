/**
 * Pure: a Twilio form post (inbound message or status callback) to an `InboundEvent`. WhatsApp and
 * SMS share the shape; a `whatsapp:` address says which channel it is. Tested on recorded posts.
 */
import { ValidationError } from '../../core/errors.js';
import type { InboundMessageEvent, InboundStatus } from '../../core/inbound.js';
import type { ChannelName, ErrorInfo, Media, MessageStatus } from '../../core/types.js';

export type TwilioParams = Record<string, string | undefined>;

const WHATSAPP_PREFIX = 'whatsapp:';
const E164 = /^\+[1-9]\d{6,14}$/;
const SID = /^(SM|MM|SS|MG|[A-Z]{2})[0-9a-fA-F]{32}$/;
/** Twilio sends at most 10 media per message. */
const MAX_MEDIA = 10;

function required(params: TwilioParams, name: string): string {
  const value = params[name]?.trim();
  if (!value) throw new ValidationError(`${name} is missing`, name);
  return value;
}

/** The channel an address belongs to (`whatsapp:+41…` or `+41…`) and the bare E.164 number. */
export function parseTwilioAddress(address: string, field: string): { channel: ChannelName; number: string } {
  const whatsapp = address.startsWith(WHATSAPP_PREFIX);
  const number = whatsapp ? address.slice(WHATSAPP_PREFIX.length) : address;
  if (!E164.test(number)) throw new ValidationError(`${field} is not a phone number in E.164`, field);
  return { channel: whatsapp ? 'whatsapp' : 'sms', number };
}

function messageSid(params: TwilioParams): string {
  const sid = params.MessageSid?.trim() || params.SmsMessageSid?.trim() || params.SmsSid?.trim();
  if (!sid) throw new ValidationError('MessageSid is missing', 'MessageSid');
  if (!SID.test(sid)) throw new ValidationError('MessageSid is not a Twilio message SID', 'MessageSid');
  return sid;
}

function mediaOf(params: TwilioParams): Media[] {
  const raw = params.NumMedia?.trim() || '0';
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 0 || count > MAX_MEDIA) {
    throw new ValidationError(`NumMedia must be a whole number from 0 to ${MAX_MEDIA}`, 'NumMedia');
  }
  const media: Media[] = [];
  for (let i = 0; i < count; i++) {
    const url = required(params, `MediaUrl${i}`);
    if (!/^https?:\/\//.test(url)) throw new ValidationError(`MediaUrl${i} is not a URL`, `MediaUrl${i}`);
    const contentType = params[`MediaContentType${i}`]?.trim();
    media.push(contentType ? { url, contentType } : { url });
  }
  return media;
}

/** An inbound message post (POST /webhooks/twilio) as a text, media or button event. */
export function normalizeTwilioMessage(params: TwilioParams): InboundMessageEvent {
  const externalMessageId = messageSid(params);
  const { channel, number } = parseTwilioAddress(required(params, 'From'), 'From');
  const name = params.ProfileName?.trim();
  const from = { externalId: number, phone: number, ...(name ? { name } : {}) };
  const base = { channel, from, chatId: number, externalMessageId, raw: params };
  const text = params.Body ?? '';
  const media = mediaOf(params);
  const payload = params.ButtonPayload?.trim();
  if (payload) return { ...base, type: 'button', payload, text: params.ButtonText?.trim() || text };
  if (media.length) return { ...base, type: 'media', media, ...(text ? { text } : {}) };
  return { ...base, type: 'text', text };
}

/** Twilio's MessageStatus values, on our scale (a status only moves forward: core/status.ts). */
const STATUS: Record<string, MessageStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  undelivered: 'failed',
  canceled: 'failed',
};

/** Short explanations of the codes a coach meets most (status callbacks carry only the code). */
export const TWILIO_ERRORS: Record<string, string> = {
  '21211': 'the number is not a valid phone number',
  '21408': 'sending to this region is not enabled on the Twilio account',
  '21610': 'the recipient opted out (replied STOP) and must opt in again',
  '21614': 'the number cannot receive SMS',
  '30003': 'the handset is unreachable',
  '30004': 'the message was blocked',
  '30005': 'the number is unknown or no longer in service',
  '30006': 'the number is a landline or the carrier cannot deliver',
  '30007': 'the carrier filtered the message',
  '30008': 'delivery failed for an unknown reason',
  '63016':
    'outside the 24-hour window: WhatsApp accepts only an approved template until the customer writes again',
  '63024': 'the recipient is not a WhatsApp user',
};

/** A status callback post (POST /webhooks/twilio/status). */
export function normalizeTwilioStatus(params: TwilioParams): InboundStatus {
  const externalMessageId = messageSid(params);
  const raw = (params.MessageStatus ?? params.SmsStatus ?? '').trim().toLowerCase();
  if (!raw) throw new ValidationError('MessageStatus is missing', 'MessageStatus');
  const status = STATUS[raw];
  if (!status) throw new ValidationError(`MessageStatus "${raw}" is not a known status`, 'MessageStatus');
  const address = params.To?.trim() || params.From?.trim() || '';
  const prefixed = params.ChannelPrefix === 'whatsapp' || address.startsWith(WHATSAPP_PREFIX);
  const event: InboundStatus = {
    type: 'status',
    channel: prefixed ? 'whatsapp' : 'sms',
    externalMessageId,
    status,
    raw: params,
  };
  if (status === 'failed') event.error = failure(params, raw);
  return event;
}

function failure(params: TwilioParams, raw: string): ErrorInfo {
  const code = params.ErrorCode?.trim() || raw;
  const message = params.ErrorMessage?.trim() || TWILIO_ERRORS[code] || `the message was ${raw}`;
  return { code, message };
}
