/**
 * Every message Kora or the coach sends into a conversation takes this one path: the message, its
 * outbox entry and the conversation's activity (and handoff state) in one transaction; then the
 * events; then the send, right away, through the outbox.
 */
import type { EventBus } from './events.js';
import type { Clock, IdGenerator } from './ids.js';
import type { Outbox } from './outbox.js';
import type { Store } from './repositories.js';
import type { Conversation, GuardIntervention, Message, Sender } from './types.js';

export interface OutboundDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  events: EventBus;
  outbox: Outbox;
}

export interface OutboundInput {
  sender: Sender;
  text: string;
  guard?: GuardIntervention[];
  /** true: the conversation is (still) handed off to the coach from now on. */
  handoff?: boolean;
}

export async function sendToConversation(
  deps: OutboundDeps,
  conversation: Conversation,
  input: OutboundInput,
): Promise<{ message: Message; conversation: Conversation }> {
  const { store, ids, clock, outbox, events } = deps;
  const now = clock.now().toISOString();
  const message: Message = {
    id: ids.next(),
    conversationId: conversation.id,
    sender: input.sender,
    text: input.text,
    channel: conversation.channel,
    status: 'queued',
    createdAt: now,
  };
  if (input.guard?.length) message.guard = input.guard;
  const { entry, updated } = await store.transaction(async (tx) => {
    await tx.messages.insert(message);
    const entry = await outbox.enqueue(tx, message, conversation.externalChatId);
    const updated = await tx.conversations.update(conversation.id, {
      lastMessageAt: now,
      updatedAt: now,
      ...(input.handoff ? { handoff: true, handoffAt: now } : {}),
    });
    return { entry, updated };
  });
  const current = updated ?? conversation;
  events.emit('message', { conversation: current, message });
  if (current.handoff !== conversation.handoff)
    events.emit('conversation', { conversation: current, change: 'handoff' });
  void outbox.dispatch(entry, { message, conversation: current });
  return { message, conversation: current };
}
