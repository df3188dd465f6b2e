/**
 * What one outbound message becomes on Telegram: media first (the text as their caption when there is
 * one item and the text fits), then the text, split at 4,096 characters.
 */
import { ChannelApiError } from '../../core/errors.js';
import type { Message, MessageAction } from '../../core/types.js';
import { MAX_CAPTION, splitText } from './split.js';

export type Part = (
  | { kind: 'text'; text: string }
  | { kind: 'photo' | 'document'; file: string; caption?: string }
) & { buttons?: MessageAction[] };

const FILE_REF = 'telegram:file/';

const IMAGE_FILE = /\.(jpe?g|png|gif|webp)(\?|#|$)/i;

/** A photo for Telegram: an image type, or (a campaign's bare URL) an image file name. */
function isImage(media: { url: string; contentType?: string }): boolean {
  if (media.contentType) return media.contentType.startsWith('image/');
  return IMAGE_FILE.test(media.url);
}

export function planParts(message: Message): Part[] {
  const text = message.text.trim() ? message.text : '';
  const media = message.media ?? [];
  if (!text && media.length === 0) {
    throw new ChannelApiError('the message is empty', { providerCode: 'empty_message', transient: false });
  }
  const captioned = media.length === 1 && text.length <= MAX_CAPTION;
  const parts: Part[] = media.map((item, index) => ({
    kind: isImage(item) ? 'photo' : 'document',
    // A file Telegram sent us goes back by its file_id; anything else by its URL.
    file: item.url.startsWith(FILE_REF) ? item.url.slice(FILE_REF.length) : item.url,
    ...(captioned && index === 0 && text ? { caption: text } : {}),
  }));
  if (text && !captioned) for (const chunk of splitText(text)) parts.push({ kind: 'text', text: chunk });
  // The buttons go under the last part, where the customer reads the choice.
  if (message.actions?.length) parts[parts.length - 1]!.buttons = message.actions;
  return parts;
}
