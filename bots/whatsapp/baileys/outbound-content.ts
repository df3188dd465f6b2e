/** What the Baileys provider sends for an outbound message. */
import type { WhatsAppSend } from '../provider.js';
import type { BaileysContent } from './socket.js';

/** Text, or the first media with the text as its caption (templates are a Twilio feature: sent as text). */
export function contentOf(outbound: WhatsAppSend): BaileysContent {
  const { text, media } = outbound.message;
  const first = media?.find((m) => /^https?:\/\//.test(m.url));
  if (!first) return { text };
  const caption = text || undefined;
  if (first.contentType?.startsWith('image/')) return { image: { url: first.url }, caption };
  return {
    document: { url: first.url },
    mimetype: first.contentType ?? 'application/octet-stream',
    fileName: first.name,
    caption,
  };
}
