/** What the coach does in a conversation: answer in it, and take it over from the assistant or give it back. */
import { NotFoundError } from './errors.js';
import { type JoiningCoach, stageCoachJoined } from './coach-joined.js';
import { type OutboundDeps, releaseOutbound, stageOutbound } from './outbound.js';
import type { Repositories, Store } from './repositories.js';
import type { Conversation, Media, Message } from './types.js';
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
 * assistant conversation it also takes the conversation over, until the coach hands it back, and the
 * first time it says so in the conversation ("Lina (coach) joined the conversation").
 */
export async function postAsCoach(
  deps: CoachDeps,
  conversationId: string,
  coach: JoiningCoach,
  text: string,
  media?: Media[],
): Promise<Message> {
  await coachConversation(deps.store, conversationId);
  const { joined, staged } = await deps.store.transaction(async (tx) => {
    const current = await tx.conversations.get(conversationId);
    if (!current) throw new NotFoundError('conversation not found');
    const now = deps.clock.now().toISOString();
    const joined = await stageCoachJoined(tx, current, coach, deps.ids.next(), now);
    const staged = await stageOutbound(deps, tx, current, {
      sender: { type: 'coach', id: coach.id, name: coach.name },
      text,
      ...(media?.length ? { media } : {}),
      // The coach answering takes an assistant conversation over (the assistant never talks over
      // them); while handed off, each coach message restarts the automatic hand-back countdown. It
      // also answers whatever question the assistant had left to the coach.
      handoff: current.kind === 'assistant',
      coachNeeded: current.kind === 'assistant' ? false : undefined,
    });
    return { joined, staged };
  });
  if (joined) deps.events.emit('message', { conversation: staged.before, message: joined });
  void releaseOutbound(deps, staged);
  return staged.message;
}

/**
 * Takes the conversation over (the assistant stays silent) or hands it back to the assistant. A
 * person (`coach`) taking over writes the joined line; an automatic handoff (WhatsApp's own phone
 * answering) has none.
 */
export async function setHandoff(
  deps: CoachDeps,
  conversationId: string,
  active: boolean,
  coach?: JoiningCoach,
): Promise<Conversation> {
  const conversation = await coachConversation(deps.store, conversationId);
  const now = deps.clock.now().toISOString();
  const { updated, joined } = await deps.store.transaction(async (tx) => {
    const updated = await tx.conversations.update(conversationId, {
      handoff: active,
      handoffAt: active ? now : null,
      // Handing back is the coach saying they are done: nothing is left waiting for them. Taking over
      // before the assistant answered leaves the customer's message to the coach.
      ...(active ? await waitsOnTakeOver(tx, conversation, now) : { coachNeededAt: null }),
      updatedAt: now,
    });
    const joined =
      updated && active && coach ? await stageCoachJoined(tx, updated, coach, deps.ids.next(), now) : null;
    return { updated, joined };
  });
  if (!updated) throw new NotFoundError('conversation not found');
  if (joined) deps.events.emit('message', { conversation: updated, message: joined });
  deps.events.emit('conversation', { conversation: updated, change: 'handoff' });
  return updated;
}

/** The waiting mark when the coach takes over with the customer's message the newest (core/waiting.ts). */
async function waitsOnTakeOver(store: Repositories, conversation: Conversation, now: string) {
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
