/**
 * Pure: a Baileys message (`messages.upsert`) to what Kora does with it: a customer's message to
 * ingest (in a one-to-one chat or a group the linked number is in), the coach writing from the linked
 * phone (`fromMe`, one-to-one), or nothing (broadcasts, reactions, protocol messages, the linked phone
 * writing in a group). Tested on recorded message objects.
 */
import type { InboundMessageEvent } from '../../../core/inbound.js';
import type { Media } from '../../../core/types.js';
import { addressedToOwnNumber, groupSenderOf, isGroupJid } from './group-message.js';
import type { BaileysMessage } from './socket.js';

export type BaileysInbound =
  | { kind: 'customer'; event: InboundMessageEvent }
  | { kind: 'coach'; chatId: string; messageId: string }
  | { kind: 'ignored'; reason: string };

const USER_SERVER = '@s.whatsapp.net';
const LID_SERVER = '@lid';

/** `41791234567:12@s.whatsapp.net` → `+41791234567`; a LID JID stays as it is (no number known). */
export function chatIdOf(jid: string): string | null {
  const user = jid.split('@')[0]?.split(':')[0] ?? '';
  if (jid.endsWith(USER_SERVER) && /^[1-9]\d{6,14}$/.test(user)) return `+${user}`;
  if (jid.endsWith(LID_SERVER) && /^\d+$/.test(user)) return `${user}${LID_SERVER}`;
  return null;
}

/** The JID to send to for a chat id (`+41…`, a LID JID, or a group's JID). */
export function jidOf(chatId: string): string {
  if (chatId.endsWith(LID_SERVER) || isGroupJid(chatId)) return chatId;
  return `${chatId.replace(/^\+/, '')}${USER_SERVER}`;
}

type Content = Record<string, unknown>;

function field(content: Content | undefined, name: string): Content | undefined {
  const value = content?.[name];
  return typeof value === 'object' && value !== null ? (value as Content) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Disappearing, view-once and edited messages wrap the real content. */
function unwrap(message: Content): Content {
  let content = message;
  for (let depth = 0; depth < 4; depth++) {
    const inner =
      field(field(content, 'ephemeralMessage'), 'message') ??
      field(field(content, 'viewOnceMessage'), 'message') ??
      field(field(content, 'viewOnceMessageV2'), 'message') ??
      field(field(content, 'documentWithCaptionMessage'), 'message');
    if (!inner) return content;
    content = inner;
  }
  return content;
}

const MEDIA_KINDS = [
  'imageMessage',
  'videoMessage',
  'audioMessage',
  'documentMessage',
  'stickerMessage',
] as const;

function mediaOf(content: Content, messageId: string): { media: Media[]; caption?: string } | null {
  for (const kind of MEDIA_KINDS) {
    const media = field(content, kind);
    if (!media) continue;
    const item: Media = { url: `whatsapp-media:${messageId}` };
    const contentType = str(media.mimetype);
    const name = str(media.fileName);
    if (contentType) item.contentType = contentType;
    if (name) item.name = name;
    const caption = str(media.caption);
    return caption ? { media: [item], caption } : { media: [item] };
  }
  return null;
}

function textOf(content: Content): string | undefined {
  return (
    str(content.conversation) ??
    str(field(content, 'extendedTextMessage')?.text) ??
    str(field(content, 'locationMessage')?.name) ??
    str(field(content, 'contactMessage')?.displayName)
  );
}

function buttonOf(content: Content): { payload: string; text: string } | null {
  const buttons = field(content, 'buttonsResponseMessage');
  const buttonId = str(buttons?.selectedButtonId);
  if (buttonId) return { payload: buttonId, text: str(buttons?.selectedDisplayText) ?? buttonId };
  const template = field(content, 'templateButtonReplyMessage');
  const templateId = str(template?.selectedId);
  if (templateId) return { payload: templateId, text: str(template?.selectedDisplayText) ?? templateId };
  const list = field(content, 'listResponseMessage');
  const rowId = str(field(list, 'singleSelectReply')?.selectedRowId);
  if (rowId) return { payload: rowId, text: str(list?.title) ?? rowId };
  return null;
}

/** Who wrote, and in which chat: a one-to-one chat by the customer's number, a group by its JID. */
function whereFrom(message: BaileysMessage): { chatId: string; group: boolean } | null {
  const { key } = message;
  const jid = key.remoteJid ?? '';
  if (isGroupJid(jid)) return { chatId: jid, group: true };
  // Baileys 7 addresses some chats by LID and gives the phone number beside it.
  const chatId = chatIdOf(key.remoteJidAlt ?? '') ?? chatIdOf(jid);
  return chatId ? { chatId, group: false } : null;
}

/** `own`: the linked number's JIDs (group-message.ts ownJidsOf), to tell a mention of it. */
export function normalizeBaileysMessage(
  message: BaileysMessage,
  own: readonly string[] = [],
): BaileysInbound {
  const { key } = message;
  const jid = key.remoteJid ?? '';
  if (!jid || jid === 'status@broadcast' || jid.endsWith('@newsletter')) {
    return { kind: 'ignored', reason: 'not a one-to-one or group chat' };
  }
  const where = whereFrom(message);
  const messageId = key.id ?? '';
  if (!where || !messageId) return { kind: 'ignored', reason: 'no chat or message id' };
  if (!message.message) return { kind: 'ignored', reason: 'no content (protocol or stub message)' };
  const content = unwrap(message.message);
  if (field(content, 'reactionMessage') || field(content, 'protocolMessage')) {
    return { kind: 'ignored', reason: 'reaction or protocol message' };
  }
  const { chatId, group } = where;
  // The coach talking in their own group from the phone is not a takeover of it.
  if (key.fromMe && group) return { kind: 'ignored', reason: 'the linked phone writing in a group' };
  if (key.fromMe) return { kind: 'coach', chatId, messageId };

  const name = str(message.pushName);
  const phone = chatId.startsWith('+') ? chatId : undefined;
  const from = group
    ? groupSenderOf(key, name)
    : { externalId: chatId, ...(phone ? { phone } : {}), ...(name ? { name } : {}) };
  if (!from) return { kind: 'ignored', reason: 'a group message without a sender' };
  const inGroup = group
    ? { chatType: 'group' as const, addressedToAssistant: addressedToOwnNumber(content, own) }
    : {};
  const base = {
    channel: 'whatsapp' as const,
    from,
    chatId,
    externalMessageId: messageId,
    raw: message,
    ...inGroup,
  };
  const button = buttonOf(content);
  if (button) return { kind: 'customer', event: { ...base, type: 'button', ...button } };
  const media = mediaOf(content, messageId);
  if (media) {
    const event = { ...base, type: 'media' as const, media: media.media };
    return { kind: 'customer', event: media.caption ? { ...event, text: media.caption } : event };
  }
  // A kind Kora cannot show (poll, live location, ...) is still stored, named, for the coach.
  const text = textOf(content) ?? `[${Object.keys(content)[0] ?? 'message'}]`;
  return { kind: 'customer', event: { ...base, type: 'text', text } };
}

/** Baileys' message status (proto.WebMessageInfo.Status) on our scale; null for the ones we skip. */
export function statusOf(code: number | null | undefined): 'failed' | 'sent' | 'delivered' | 'read' | null {
  switch (code) {
    case 0:
      return 'failed';
    case 2:
      return 'sent';
    case 3:
      return 'delivered';
    case 4:
    case 5:
      return 'read';
    default:
      return null;
  }
}
