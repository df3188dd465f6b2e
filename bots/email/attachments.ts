/**
 * The attachments of a received email as media (pure). Resend's receiving API lists their metadata
 * with the email; the content is a separate download whose signed address expires, so the media keep
 * a reference to the receiving API (`resend:received/<email id>/<attachment id>`), as Telegram's media
 * keep a file id. Inline parts (a signature's logo, images the HTML shows) are not attachments the
 * customer sent; a file over MAX_ATTACHMENT_BYTES is left out.
 */
import type { Media } from '../../core/types.js';

export interface ReceivedAttachment {
  id: string;
  filename: string | null;
  size: number;
  contentType: string;
  disposition: string | null;
}

/** 25 MB: what common mail services accept in one email. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** At most this many attachments kept per email. */
const MAX_ATTACHMENTS = 10;

export const receivedAttachmentRef = (emailId: string, attachmentId: string) =>
  `resend:received/${emailId}/${attachmentId}`;

export function attachmentMedia(emailId: string, attachments: readonly ReceivedAttachment[]): Media[] {
  return attachments
    .filter((a) => a.disposition?.toLowerCase() !== 'inline' && a.size <= MAX_ATTACHMENT_BYTES && a.id)
    .slice(0, MAX_ATTACHMENTS)
    .map((a) => ({
      url: receivedAttachmentRef(emailId, a.id),
      ...(a.contentType ? { contentType: a.contentType } : {}),
      ...(a.filename ? { name: a.filename } : {}),
    }));
}
