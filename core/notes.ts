/**
 * Private notes: what the coach's team writes in a conversation for each other. A note is stored in
 * the thread (a message of kind 'note') and announced to the panel only: no outbox entry, no channel,
 * no member's room, and the repositories leave it out of every reader but the coach's thread (the
 * web chat's history, the AI's memory, the newest-message rules).
 */
import { coachConversation } from './coach.js';
import type { EventBus } from './events.js';
import type { Clock, IdGenerator } from './ids.js';
import type { Store } from './repositories.js';
import type { Message } from './types.js';

export interface NoteDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  events: EventBus;
}

export async function postNote(
  deps: NoteDeps,
  conversationId: string,
  author: { id: string; name: string },
  text: string,
): Promise<Message> {
  const conversation = await coachConversation(deps.store, conversationId);
  const message: Message = {
    id: deps.ids.next(),
    conversationId,
    sender: { type: 'coach', id: author.id, name: author.name },
    text,
    channel: conversation.channel,
    // Nothing goes out: stored is all that happens to it.
    status: 'received',
    kind: 'note',
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.messages.insert(message);
  deps.events.emit('note', { conversation, message });
  return message;
}
