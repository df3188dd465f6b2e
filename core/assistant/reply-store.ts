/** Storing what the assistant says: the message and its outbox entry in one transaction, then sent. */
import type { EventBus } from '../events.js';
import type { Clock, IdGenerator } from '../ids.js';
import type { Outbox } from '../outbox.js';
import type { Store } from '../repositories.js';
import type { Conversation, GuardIntervention, Message } from '../types.js';
import { ASSISTANT_NAME } from './defaults.js';

export interface ReplyStoreDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  events: EventBus;
  outbox: Outbox;
}

export interface AssistantAnswer {
  text: string;
  /** The conversation goes to the coach with this answer (the assistant is silent afterwards). */
  handoff: boolean;
  guard?: GuardIntervention[];
}

export async function storeAnswer(
  deps: ReplyStoreDeps,
  conversation: Conversation,
  answer: AssistantAnswer,
): Promise<Message> {
  const { store, ids, clock, outbox, events } = deps;
  const now = clock.now().toISOString();
  const message: Message = {
    id: ids.next(),
    conversationId: conversation.id,
    sender: { type: 'assistant', name: ASSISTANT_NAME },
    text: answer.text,
    channel: conversation.channel,
    status: 'queued',
    createdAt: now,
  };
  if (answer.guard?.length) message.guard = answer.guard;
  const { entry, updated } = await store.transaction(async (tx) => {
    await tx.messages.insert(message);
    const entry = await outbox.enqueue(tx, message, conversation.externalChatId);
    const updated = await tx.conversations.update(conversation.id, {
      lastMessageAt: now,
      updatedAt: now,
      ...(answer.handoff ? { handoff: true, handoffAt: now } : {}),
    });
    return { entry, updated };
  });
  const current = updated ?? conversation;
  events.emit('message', { conversation: current, message });
  if (answer.handoff && updated) events.emit('conversation', { conversation: updated, change: 'handoff' });
  void outbox.dispatch(entry, { message, conversation: current });
  return message;
}
