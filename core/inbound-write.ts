/**
 * The common customer message, a known contact writing in an existing conversation with nothing to
 * write but the message, stored without a unit: its contact and conversation read as they are (one
 * statement, `messages.readInbound`), the message written by one compare-and-set
 * (`messages.insertInbound`) on what it was decided from. Any other message, and one whose
 * conversation changed between the read and the write, is decided in the engine's locking unit as
 * before (a new contact or conversation, a group, a member of someone else's conversation, a link
 * code, a lead to record, a number or address the channel proves for the first time). Same outcome
 * either way; on PostgreSQL two statements instead of five.
 */
import { provenPatch } from './contacts.js';
import type { ChannelDirectory } from './channels/directory.js';
import type { IdGenerator } from './ids.js';
import type { InboundMessageEvent } from './inbound.js';
import { captureLead, type PhoneNormalizer } from './leads.js';
import { mayCarryLink } from './link-code.js';
import { buildInboundMessage, dedupeKeyFor, inboundText } from './messages.js';
import type { InboundWrite, Store, TurnTaken } from './repositories.js';
import type { Contact, Conversation, Message } from './types.js';
import { customerWaits } from './waiting.js';

export interface InboundWriteDeps {
  store: Store;
  ids: IdGenerator;
  channels?: ChannelDirectory;
  normalizePhone?: PhoneNormalizer;
  /**
   * Asked once the message is built: the turn lease to take with its write, when its turn will start
   * at once (core/engine.ts); undefined: none.
   */
  turnFor?: (conversation: Conversation, message: Message) => InboundWrite['takeTurn'];
}

export interface StoredInbound {
  contact: Contact;
  conversation: Conversation;
  message: Message;
  duplicate: boolean;
  created: boolean;
  /** The message left the conversation waiting for the coach. */
  waits: boolean;
  /** The turn lease the write was asked to take (`turnFor`): taken, or false (another holds it). */
  turn?: TurnTaken | false;
}

/** The conversation the message goes to, when that needs no write; null: the unit decides. */
function existingConversation(
  deps: InboundWriteDeps,
  event: InboundMessageEvent,
  contact: Contact,
  conversation: Conversation | null,
): { conversation: Conversation; byChat: boolean } | null {
  if (!conversation) return null;
  // Its customer; anyone else (a member) is checked in the unit.
  if (event.conversationId)
    return conversation.contactId === contact.id ? { conversation, byChat: false } : null;
  const carrier = deps.channels?.carrierOf(event.channel);
  return mayCarryLink(carrier, inboundText(event), conversation) ? null : { conversation, byChat: true };
}

export async function storeIfUnchanged(
  deps: InboundWriteDeps,
  event: InboundMessageEvent,
  now: string,
): Promise<StoredInbound | null> {
  if (event.chatType === 'group') return null;
  const target = event.conversationId
    ? { conversationId: event.conversationId }
    : event.chatId
      ? { chatId: event.chatId }
      : null;
  if (!target) return null;
  // The contact and the conversation in one read (one round trip on PostgreSQL, one wait for the lock here).
  const read = await deps.store.messages.readInbound(event.channel, event.from.externalId, target);
  const contact = read.contact;
  if (!contact || Object.keys(provenPatch(contact, event.from, event.channel)).length > 0) return null;
  const found = existingConversation(deps, event, contact, read.conversation);
  if (!found) return null;
  const { conversation, byChat } = found;
  const message = buildInboundMessage(deps.ids.next(), now, event, contact, conversation);
  if (conversation.kind === 'assistant') {
    const lead = captureLead(message.text, contact, deps.normalizePhone);
    if (lead.email || lead.phone) return null;
  }
  const waiting = customerWaits(conversation, message, now);
  const activity = { lastMessageAt: now, updatedAt: now, ...waiting };
  const dedupeKey = dedupeKeyFor(event, contact.id);
  const takeTurn = deps.turnFor?.(conversation, message);
  const result = await deps.store.messages.insertInbound({
    message,
    ...(dedupeKey !== undefined ? { dedupeKey } : {}),
    activity,
    expected: { handoff: conversation.handoff, coachNeededAt: conversation.coachNeededAt },
    newestOfChat: byChat,
    ...(takeTurn ? { takeTurn } : {}),
  });
  if (result.outcome === 'changed') return null;
  if (result.outcome === 'duplicate')
    return { contact, conversation, message: result.message, duplicate: true, created: false, waits: false };
  const waits = waiting.coachNeededAt !== undefined;
  const stored = {
    contact,
    conversation: result.conversation,
    message,
    duplicate: false,
    created: false,
    waits,
  };
  return result.turn === undefined ? stored : { ...stored, turn: result.turn };
}
