/**
 * Resend's webhook events and received emails as Kora sees them (pure). Delivered → `delivered`;
 * bounced → `failed` with the bounce type, and a permanent (hard) bounce opts the address out;
 * complained (marked as spam) → `delivered` and opts the address out; failed → `failed`; received →
 * the id whose body the receiving API serves. Other events are ignored. A received email becomes a
 * text message from its sender's address (the only proof of an email identity), threaded by sender.
 */
import type { InboundMedia, InboundStatus, InboundText } from '../../core/inbound.js';
import { attachmentMedia } from './attachments.js';
import type { ReceivedEmailBody } from './client.js';

export type EmailWebhookEvent =
  | { kind: 'status'; status: InboundStatus; optOut: string | null }
  | { kind: 'received'; emailId: string }
  | { kind: 'ignored'; type: string };

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export function isAddress(value: string): boolean {
  return ADDRESS.test(value);
}

/** a***@example.com: logs never carry a whole address. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  return at <= 0 ? '***' : `${address[0]}***${address.slice(at)}`;
}

/** `Ada Lovelace <Ada@Example.com>` → name and lower-case address; null when there is no address. */
export function parseMailbox(value: string): { address: string; name?: string } | null {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>]+)>\s*$/.exec(value);
  const address = (match ? match[2]! : value).trim().toLowerCase();
  if (!isAddress(address)) return null;
  const name = match?.[1]?.trim();
  return name ? { address, name } : { address };
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function firstRecipient(data: Json): string | null {
  const to = Array.isArray(data.to) ? data.to[0] : data.to;
  return typeof to === 'string' ? (parseMailbox(to)?.address ?? null) : null;
}

function status(id: string, value: InboundStatus['status'], raw: unknown, error?: InboundStatus['error']) {
  const event: InboundStatus = {
    type: 'status',
    channel: 'email',
    externalMessageId: id,
    status: value,
    raw,
  };
  if (error) event.error = error;
  return event;
}

/** Throws nothing: a payload that is not a known event is `ignored` with its type. */
export function normalizeWebhook(payload: unknown): EmailWebhookEvent {
  const event = object(payload);
  const type = text(event?.type) ?? 'unknown';
  const data = object(event?.data);
  const id = text(data?.email_id);
  if (!data || !id) return { kind: 'ignored', type };
  switch (type) {
    case 'email.delivered':
      return { kind: 'status', status: status(id, 'delivered', payload), optOut: null };
    case 'email.bounced': {
      const bounce = object(data.bounce);
      const bounceType = text(bounce?.type) ?? 'Undetermined';
      const error = {
        code: `bounced_${bounceType.toLowerCase()}`,
        message: text(bounce?.message) ?? 'bounced',
      };
      const hard = bounceType === 'Permanent';
      return {
        kind: 'status',
        status: status(id, 'failed', payload, error),
        optOut: hard ? firstRecipient(data) : null,
      };
    }
    case 'email.complained':
      return { kind: 'status', status: status(id, 'delivered', payload), optOut: firstRecipient(data) };
    case 'email.failed': {
      const reason = text(object(data.failed)?.reason) ?? 'failed';
      return {
        kind: 'status',
        status: status(id, 'failed', payload, { code: 'failed', message: reason }),
        optOut: null,
      };
    }
    case 'email.received':
      return { kind: 'received', emailId: id };
    default:
      return { kind: 'ignored', type };
  }
}

const QUOTE_HEADER = [
  /^On .{4,200} wrote:\s*$/,
  /^Le .{4,200} a écrit\s*:\s*$/,
  /^Am .{4,200} schrieb .{1,200}:\s*$/,
  /^-{2,}\s*(Original Message|Message d'origine|Ursprüngliche Nachricht)\s*-{2,}\s*$/i,
  /^From: .+$/,
];

/** The customer's new text: quoted history (`> …`, "On … wrote:" and below) left out. */
export function stripQuoted(body: string): string {
  const kept: string[] = [];
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    if (QUOTE_HEADER.some((pattern) => pattern.test(line.trim()))) break;
    if (line.trimStart().startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const REPLY_PREFIX = /^\s*((re|aw|sv|antw|tr|fwd?|wg)\s*:\s*)+/i;

/**
 * The received email as a text message from its sender, or null: an automatic reply (RFC 3834
 * `Auto-Submitted`), an email from ourselves, or one with neither a sender nor any text. A new
 * subject (not "Re: …") is the first line: it carries an entry link's code from a `mailto:` link.
 */
export function receivedToInbound(
  emailId: string,
  body: ReceivedEmailBody,
  ownAddress: string,
): InboundText | InboundMedia | null {
  const sender = parseMailbox(body.from);
  if (!sender || sender.address === ownAddress.toLowerCase()) return null;
  const auto = Object.entries(body.headers ?? {}).find(([name]) => name.toLowerCase() === 'auto-submitted');
  if (auto && auto[1].trim().toLowerCase() !== 'no') return null;
  const content = stripQuoted(body.text ?? htmlToText(body.html ?? ''));
  const subject = body.subject.trim();
  const lines = [REPLY_PREFIX.test(subject) ? '' : subject, content].filter((part) => part !== '');
  const media = attachmentMedia(emailId, body.attachments ?? []);
  if (lines.length === 0 && media.length === 0) return null;
  const text = lines.join('\n\n').slice(0, 4_096);
  return {
    ...(media.length > 0 ? { type: 'media', media, ...(text ? { text } : {}) } : { type: 'text', text }),
    channel: 'email',
    from: {
      externalId: sender.address,
      email: sender.address,
      ...(sender.name ? { name: sender.name } : {}),
    },
    chatId: sender.address,
    chatType: 'private',
    externalMessageId: emailId,
  };
}
