/**
 * One outbound message as an email (pure): the text as written, a simple HTML version (escaped,
 * paragraphs, links clickable), and for a campaign the unsubscribe link in both bodies plus the
 * `List-Unsubscribe` / `List-Unsubscribe-Post` headers (RFC 8058: the mail client's one click POSTs to
 * the link and opts the address out).
 */
import type { Media } from '../../core/types.js';
import type { EmailPayload } from './client.js';

export interface ComposeInput {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Set for campaign emails: where one click opts the address out. */
  unsubscribeUrl?: string;
  /** The Message-ID of the email this answers (threading in the customer's mail client). */
  inReplyTo?: string;
  /** Sent as attachments when their address is http(s) (Resend fetches them). */
  media?: readonly Media[];
}

/** The file name an attachment shows: the media's name, else the last part of its address. */
function fileNameOf(media: Media): string {
  if (media.name?.trim()) return oneLine(media.name);
  const last = new URL(media.url).pathname.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : 'attachment';
}

function attachmentsOf(media: readonly Media[] = []): EmailPayload['attachments'] {
  return media
    .filter((item) => /^https?:\/\//i.test(item.url))
    .map((item) => ({
      path: item.url,
      filename: fileNameOf(item),
      ...(item.contentType ? { contentType: item.contentType } : {}),
    }));
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

function paragraph(text: string): string {
  const linked = escapeHtml(text).replace(URL_IN_TEXT, (url) => `<a href="${url}">${url}</a>`);
  return `<p>${linked.replace(/\n/g, '<br>')}</p>`;
}

export function toHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .filter((part) => part.trim() !== '')
    .map(paragraph)
    .join('\n');
}

/** Header values may not carry line breaks (header injection from a subject). */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

export function composeEmail(input: ComposeInput): EmailPayload {
  const headers: Record<string, string> = {};
  let text = input.text;
  let html = toHtml(input.text);
  if (input.unsubscribeUrl) {
    const url = input.unsubscribeUrl;
    text += `\n\n--\nUnsubscribe: ${url}`;
    html += `\n<p style="font-size:12px;color:#666"><a href="${escapeHtml(url)}">Unsubscribe</a></p>`;
    headers['List-Unsubscribe'] = `<${url}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  if (input.inReplyTo) {
    headers['In-Reply-To'] = oneLine(input.inReplyTo);
    headers.References = oneLine(input.inReplyTo);
  }
  const attachments = attachmentsOf(input.media);
  return {
    from: input.from,
    to: input.to,
    subject: oneLine(input.subject) || '…',
    text,
    html,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(attachments?.length ? { attachments } : {}),
  };
}
