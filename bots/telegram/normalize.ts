/**
 * Pure: a Telegram update → what Kora does with it. Messages become InboundEvents (text or media,
 * with the chat's kind and whether a group message is addressed to the bot); `/start [payload]` in a
 * private chat opens a conversation through an entry link; the bot's own membership of a group is
 * reported; anything else is ignored with a reason. Tested on recorded updates.
 */
import type { InboundJoin, InboundMessageEvent, InboundSender } from '../../core/inbound.js';
import type { Media } from '../../core/types.js';
import type {
  CallbackQuery,
  Chat,
  ChatMemberUpdated,
  MessageEntity,
  TelegramMessage,
  Update,
  User,
} from './client.js';

export interface BotSelf {
  id: number;
  username: string;
}

export type NormalizedUpdate =
  /** `callbackId`: a button press, to acknowledge (answerCallbackQuery) once stored. */
  | { kind: 'message'; updateId: number; event: InboundMessageEvent; callbackId?: string }
  /** `/start` or `/start <payload>` in a private chat: `event.link` is the payload, if any. */
  | { kind: 'start'; updateId: number; event: InboundJoin; language?: string }
  | {
      kind: 'membership';
      updateId: number;
      change: 'added' | 'removed';
      chatType: 'private' | 'group';
      chatId: string;
      chatTitle?: string;
      from: InboundSender;
    }
  | { kind: 'ignored'; updateId: number; reason: string };

/** Deep-link payloads Telegram accepts: up to 64 of A-Z a-z 0-9 _ -. */
const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const START = /^\/start(?:@(\w+))?(?:\s+([\s\S]*))?$/;

/** Telegram's own reference to a file; resolving it to a download URL needs the token, so we keep this. */
export const fileRef = (fileId: string) => `telegram:file/${fileId}`;

function senderOf(user: User): InboundSender {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return { externalId: String(user.id), ...(name ? { name } : {}) };
}

function chatTypeOf(chat: Chat): 'private' | 'group' | null {
  if (chat.type === 'private') return 'private';
  if (chat.type === 'group' || chat.type === 'supergroup') return 'group';
  return null;
}

function mediaOf(message: TelegramMessage): Media[] {
  if (message.photo?.length) {
    // Telegram sends every size; the last one is the largest.
    const largest = message.photo[message.photo.length - 1]!;
    return [{ url: fileRef(largest.file_id), contentType: 'image/jpeg' }];
  }
  const file = message.document ?? message.video ?? message.audio ?? message.voice;
  if (!file) return [];
  const media: Media = { url: fileRef(file.file_id) };
  if (file.mime_type) media.contentType = file.mime_type;
  if ('file_name' in file && file.file_name) media.name = file.file_name;
  return [media];
}

/** A mention of the bot (@username or a text mention of its id), a command aimed at it, or a reply to it. */
export function isAddressedToBot(message: TelegramMessage, bot: BotSelf): boolean {
  if (message.reply_to_message?.from?.id === bot.id) return true;
  const text = message.text ?? message.caption ?? '';
  const entities: MessageEntity[] = message.entities ?? message.caption_entities ?? [];
  const handle = `@${bot.username}`.toLowerCase();
  return entities.some((entity) => {
    const part = text.slice(entity.offset, entity.offset + entity.length).toLowerCase();
    if (entity.type === 'mention') return part === handle;
    if (entity.type === 'text_mention') return entity.user.id === bot.id;
    if (entity.type === 'bot_command') return part.endsWith(handle);
    return false;
  });
}

function normalizeStart(
  updateId: number,
  message: TelegramMessage & { from: User },
  text: string,
  bot: BotSelf,
): NormalizedUpdate | null {
  const match = START.exec(text.trim());
  if (!match) return null;
  if (match[1] && match[1].toLowerCase() !== bot.username.toLowerCase()) {
    return { kind: 'ignored', updateId, reason: 'command_for_another_bot' };
  }
  const event: InboundJoin = {
    type: 'join',
    channel: 'telegram',
    from: senderOf(message.from),
    chatId: String(message.chat.id),
    chatType: 'private',
    externalMessageId: String(message.message_id),
    raw: message,
  };
  // A payload Telegram would never send is treated as none: the default link opens.
  const payload = match[2]?.trim();
  if (payload && PAYLOAD.test(payload)) event.link = payload;
  const language = message.from.language_code;
  return { kind: 'start', updateId, event, ...(language ? { language } : {}) };
}

function normalizeMessage(updateId: number, message: TelegramMessage, bot: BotSelf): NormalizedUpdate {
  const chatType = chatTypeOf(message.chat);
  if (!chatType) return { kind: 'ignored', updateId, reason: 'channel_post' };
  if (!message.from) return { kind: 'ignored', updateId, reason: 'no_sender' };
  if (message.from.is_bot) return { kind: 'ignored', updateId, reason: 'from_a_bot' };
  const text = message.text ?? message.caption ?? '';
  if (chatType === 'private' && message.text?.startsWith('/start')) {
    const start = normalizeStart(updateId, { ...message, from: message.from }, message.text, bot);
    if (start) return start;
  }
  const media = mediaOf(message);
  if (!text.trim() && media.length === 0) return { kind: 'ignored', updateId, reason: 'no_content' };
  const base = {
    channel: 'telegram' as const,
    from: senderOf(message.from),
    chatId: String(message.chat.id),
    chatType,
    externalMessageId: String(message.message_id),
    raw: message,
  };
  const group =
    chatType === 'group'
      ? {
          ...('title' in message.chat && message.chat.title ? { chatTitle: message.chat.title } : {}),
          addressedToAssistant: isAddressedToBot(message, bot),
        }
      : {};
  const event: InboundMessageEvent = media.length
    ? { ...base, ...group, type: 'media', media, ...(text ? { text } : {}) }
    : { ...base, ...group, type: 'text', text };
  return { kind: 'message', updateId, event };
}

const PRESENT = new Set(['member', 'administrator', 'creator', 'restricted']);

function normalizeMembership(updateId: number, update: ChatMemberUpdated): NormalizedUpdate {
  const chatType = chatTypeOf(update.chat);
  if (!chatType) return { kind: 'ignored', updateId, reason: 'channel_membership' };
  const was = PRESENT.has(update.old_chat_member.status);
  const is = PRESENT.has(update.new_chat_member.status);
  if (was === is) return { kind: 'ignored', updateId, reason: 'membership_unchanged' };
  const title = 'title' in update.chat ? update.chat.title : undefined;
  return {
    kind: 'membership',
    updateId,
    change: is ? 'added' : 'removed',
    chatType,
    chatId: String(update.chat.id),
    ...(title ? { chatTitle: title } : {}),
    from: senderOf(update.from),
  };
}

/**
 * A press on one of the bot's inline buttons: the customer's choice, as a button event whose payload is
 * the button's data and whose text is its label (read from the keyboard of the message pressed).
 */
function normalizeCallback(updateId: number, query: CallbackQuery): NormalizedUpdate {
  const message = query.message;
  if (!query.data || !message) return { kind: 'ignored', updateId, reason: 'callback_without_data' };
  const chatType = chatTypeOf(message.chat);
  if (chatType !== 'private') return { kind: 'ignored', updateId, reason: 'callback_outside_private_chat' };
  const rows = 'reply_markup' in message ? (message.reply_markup?.inline_keyboard ?? []) : [];
  const pressed = rows.flat().find((b) => 'callback_data' in b && b.callback_data === query.data);
  const event: InboundMessageEvent = {
    type: 'button',
    channel: 'telegram',
    from: senderOf(query.from),
    chatId: String(message.chat.id),
    chatType,
    // One press is one choice: a redelivered update stores nothing new.
    externalMessageId: `cb:${query.id}`,
    payload: query.data,
    text: pressed?.text ?? query.data,
    raw: query,
  };
  return { kind: 'message', updateId, event, callbackId: query.id };
}

export function normalizeUpdate(update: Update, bot: BotSelf): NormalizedUpdate {
  const updateId = update.update_id;
  if (update.message) return normalizeMessage(updateId, update.message, bot);
  if (update.callback_query) return normalizeCallback(updateId, update.callback_query);
  // An edit does not change what was stored (nor answered): the original stays, as sent.
  if (update.edited_message) return { kind: 'ignored', updateId, reason: 'edited_message' };
  if (update.my_chat_member) return normalizeMembership(updateId, update.my_chat_member);
  return { kind: 'ignored', updateId, reason: 'unsupported_update' };
}
