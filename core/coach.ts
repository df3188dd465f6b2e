/** What the coach does in a conversation: answer in it, and take it over from the assistant or give it back. */
import { NotFoundError } from './errors.js';
import { type OutboundDeps, sendToConversation } from './outbound.js';
import type { Store } from './repositories.js';
import type { Conversation, Message } from './types.js';
import { customerWaits } from './waiting.js';

export type CoachDeps = OutboundDeps;

/** A conversation the coach may read and post in: any but members' private ones (`not_found`). */
export async function coachConversation(store: Store, id: string): Promise<Conversation> {
  const conversation = await store.conversations.get(id);
  // Private messages between members are theirs alone: the coach can neither read nor post in them.
  if (!conversation || conversation.kind === 'direct') throw new NotFoundError('conversation not found');
  return conversation;
}

/**
 * The coach's message: stored with its outbox entry, then sent on the conversation's channel. In an
 * assistant conversation it also takes the conversation over, until the coach hands it back.
 */
export async function postAsCoach(
  deps: CoachDeps,
  conversationId: string,
  coach: { id: string; name: string },
  text: string,
): Promise<Message> {
  const conversation = await coachConversation(deps.store, conversationId);
  const sent = await sendToConversation(deps, conversation, {
    sender: { type: 'coach', id: coach.id, name: coach.name },
    text,
    // The coach answering takes an assistant conversation over (the assistant never talks over them);
    // while handed off, each coach message restarts the automatic hand-back countdown. It also answers
    // whatever question the assistant had left to the coach.
    handoff: conversation.kind === 'assistant',
    coachNeeded: conversation.kind === 'assistant' ? false : undefined,
  });
  return sent.message;
}

/** Takes the conversation over (the assistant stays silent) or hands it back to the assistant. */
export async function setHandoff(
  deps: CoachDeps,
  conversationId: string,
  active: boolean,
): Promise<Conversation> {
  const conversation = await coachConversation(deps.store, conversationId);
  const now = deps.clock.now().toISOString();
  const updated = await deps.store.conversations.update(conversationId, {
    handoff: active,
    handoffAt: active ? now : null,
    // Handing back is the coach saying they are done: nothing is left waiting for them. Taking over
    // before the assistant answered leaves the customer's message to the coach.
    ...(active ? await waitsOnTakeOver(deps.store, conversation, now) : { coachNeededAt: null }),
    updatedAt: now,
  });
  if (!updated) throw new NotFoundError('conversation not found');
  deps.events.emit('conversation', { conversation: updated, change: 'handoff' });
  return updated;
}

/** The waiting mark when the coach takes over with the customer's message the newest (core/waiting.ts). */
async function waitsOnTakeOver(store: Store, conversation: Conversation, now: string) {
  if (conversation.handoff || conversation.coachNeededAt) return {};
  const last = await store.messages.last(conversation.id);
  return last ? customerWaits({ ...conversation, handoff: true }, last, now) : {};
}

/** Hands back to the assistant every conversation handed off longer than `idleMs` ago without the coach writing. */
export async function handBackIdle(deps: CoachDeps, idleMs: number): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - idleMs).toISOString();
  let count = 0;
  for (;;) {
    const batch = await deps.store.conversations.listHandedOffBefore(before, 100);
    for (const conversation of batch) {
      // Conditional: a coach who wrote since the list was read keeps the conversation, and of two
      // processes handing back at once only one changes it and announces it.
      const now = deps.clock.now().toISOString();
      const updated = await deps.store.conversations.handBack(conversation.id, before, now);
      if (!updated) continue;
      deps.events.emit('conversation', { conversation: updated, change: 'handoff' });
      count++;
    }
    if (batch.length < 100) return count;
  }
}
