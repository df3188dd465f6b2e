/**
 * Files on Teams (pure). Inbound: an activity's attachments as media, kept by address as other
 * channels' media are (Telegram's file ids, Twilio's media URLs): an image's `contentUrl`, a file's
 * `downloadUrl` (Teams' `file.download.info`); the HTML copy of the text and cards are not files.
 * Outbound: a message's media as attachments Teams fetches itself (http or https addresses).
 */
import type { Media } from '../../core/types.js';

export interface AttachmentJson {
  contentType?: string;
  contentUrl?: string;
  name?: string;
  content?: unknown;
}

const FILE_DOWNLOAD = 'application/vnd.microsoft.teams.file.download.info';
const isUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\//.test(value);

function fileOf(attachment: AttachmentJson): Media | null {
  const type = attachment.contentType ?? '';
  if (type === FILE_DOWNLOAD) {
    const content = (attachment.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
    if (!isUrl(content.downloadUrl)) return null;
    return { url: content.downloadUrl, ...(attachment.name ? { name: attachment.name } : {}) };
  }
  // text/html repeats the message; application/vnd.microsoft.card.* are cards, not files.
  if (
    type === 'text/html' ||
    type.startsWith('application/vnd.microsoft.') ||
    !isUrl(attachment.contentUrl)
  ) {
    return null;
  }
  return {
    url: attachment.contentUrl,
    ...(type ? { contentType: type } : {}),
    ...(attachment.name ? { name: attachment.name } : {}),
  };
}

/** The files an inbound activity carries (at most 10). */
export function inboundMedia(attachments: readonly AttachmentJson[] | undefined): Media[] {
  return (attachments ?? [])
    .map(fileOf)
    .filter((media): media is Media => media !== null)
    .slice(0, 10);
}

export interface FileAttachment {
  contentType: string;
  contentUrl: string;
  name?: string;
}

export function mediaAttachments(media: readonly Media[] = []): FileAttachment[] {
  return media
    .filter((item) => isUrl(item.url))
    .map((item) => ({
      contentType: item.contentType ?? 'application/octet-stream',
      contentUrl: item.url,
      ...(item.name ? { name: item.name } : {}),
    }));
}
