/** Message shapes: what is stored for an inbound event, and what clients are shown. */
import type { InboundMessageEvent } from './inbound.js';
import type { Contact, Conversation, Message, Sender } from './types.js';

/** The public message shape of CONTRACT.md (web chat and admin API). */
export interface PublicMessage {
  id: string;
  conversationId: string;
  sender: Sender;
  text: string;
  media?: Message['media'];
  createdAt: string;
  status: Message['status'];
  error?: Message['error'];
  actions?: Message['actions'];
}

export function toPublicMessage(message: Message): PublicMessage {
  const out: PublicMessage = {
    id: message.id,
    conversationId: message.conversationId,
    sender: message.sender,
    text: message.text,
    createdAt: message.createdAt,
    status: message.status,
  };
  if (message.media?.length) out.media = message.media;
  if (message.error) out.error = message.error;
  if (message.actions?.length) out.actions = message.actions;
  return out;
}

/**
 * The key that makes a redelivery or a client retry store nothing new: the channel's message id within
 * its chat, else the client's own id within the sender.
 */
export function dedupeKeyFor(event: InboundMessageEvent, contactId: string): string | undefined {
  if (event.externalMessageId) {
    return `x:${event.channel}:${event.chatId ?? event.from.externalId}:${event.externalMessageId}`;
  }
  if (event.clientMessageId) return `c:${event.channel}:${contactId}:${event.clientMessageId}`;
  return undefined;
}

export function inboundText(event: InboundMessageEvent): string {
  if (event.type === 'button') return event.text || event.payload;
  return event.text ?? '';
}

export function buildInboundMessage(
  id: string,
  now: string,
  event: InboundMessageEvent,
  contact: Contact,
  conversation: Conversation,
): Message {
  const message: Message = {
    id,
    conversationId: conversation.id,
    sender: { type: 'contact', id: contact.id, name: contact.name },
    text: inboundText(event),
    channel: event.channel,
    status: 'received',
    createdAt: now,
  };
  if (event.type === 'media' && event.media.length) message.media = event.media;
  // The button pressed, kept with the customer's message: what they chose, not only its label.
  if (event.type === 'button') message.actions = [{ id: event.payload, label: event.text || event.payload }];
  if (event.externalMessageId) message.externalId = event.externalMessageId;
  if (event.clientMessageId) message.clientMessageId = event.clientMessageId;
  return message;
}
