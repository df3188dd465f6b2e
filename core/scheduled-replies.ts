/**
 * "Send later": one message the coach wrote, sent at a chosen time. The row is the durable record
 * (a job only wakes it up): a compare-and-set decides who sends it, so a cancel and a send racing
 * never both win, and a sender that died mid-way is taken over once its claim is stale.
 */
import { coachConversation } from './coach.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import type { EventBus } from './events.js';
import type { Clock, IdGenerator } from './ids.js';
import type { ScheduledMessage } from './inbox-types.js';
import type { Store } from './repositories.js';
import type { Message } from './types.js';

export interface ScheduledReplyDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  events: EventBus;
  /** The coach's answer path (core/coach.ts): stored, sent, and the conversation taken over. */
  postAsCoach(conversationId: string, coach: { id: string; name: string }, text: string): Promise<Message>;
}

/** A claim older than this belongs to a sender that died: another may take the message over. */
export const SCHEDULED_STALE_MS = 2 * 60_000;
/** How far ahead a message may be scheduled. */
const MAX_AHEAD_MS = 366 * 24 * 3_600_000;

export async function scheduleReply(
  deps: ScheduledReplyDeps,
  conversationId: string,
  author: { id: string; name: string },
  text: string,
  sendAt: Date,
): Promise<ScheduledMessage> {
  await coachConversation(deps.store, conversationId);
  const now = deps.clock.now();
  if (sendAt.getTime() <= now.getTime()) throw new ValidationError('must be in the future', 'sendAt');
  if (sendAt.getTime() - now.getTime() > MAX_AHEAD_MS)
    throw new ValidationError('must be within a year', 'sendAt');
  const scheduled = await deps.store.scheduledMessages.create({
    id: deps.ids.next(),
    conversationId,
    text,
    sendAt: sendAt.toISOString(),
    status: 'scheduled',
    authorId: author.id,
    authorName: author.name,
    messageId: null,
    error: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  deps.events.emit('scheduled', { scheduled });
  return scheduled;
}

/** Cancels a message not yet being sent; 409 once it is sending or sent. */
export async function cancelScheduled(
  deps: ScheduledReplyDeps,
  conversationId: string,
  id: string,
): Promise<ScheduledMessage> {
  const current = await deps.store.scheduledMessages.get(id);
  if (!current || current.conversationId !== conversationId)
    throw new NotFoundError('scheduled message not found');
  const now = deps.clock.now().toISOString();
  if (!(await deps.store.scheduledMessages.cancel(id, now)))
    throw new ConflictError(`this message is ${current.status === 'scheduled' ? 'sending' : current.status}`);
  const cancelled: ScheduledMessage = { ...current, status: 'cancelled', updatedAt: now };
  deps.events.emit('scheduled', { scheduled: cancelled });
  return cancelled;
}

/** Sends it if it is still to send (the scheduler's job); a failure is kept on the row, shown in the thread. */
export async function sendScheduled(deps: ScheduledReplyDeps, id: string): Promise<void> {
  const now = deps.clock.now();
  const stale = new Date(now.getTime() - SCHEDULED_STALE_MS).toISOString();
  const claimed = await deps.store.scheduledMessages.claim(id, now.toISOString(), stale);
  if (!claimed) return;
  const author = { id: claimed.authorId, name: claimed.authorName };
  let done: ScheduledMessage;
  try {
    const message = await deps.postAsCoach(claimed.conversationId, author, claimed.text);
    const at = deps.clock.now().toISOString();
    await deps.store.scheduledMessages.markSent(id, message.id, at);
    done = { ...claimed, status: 'sent', messageId: message.id, updatedAt: at };
  } catch (failure) {
    const error = {
      code: (failure as { code?: string }).code ?? 'send_failed',
      message: failure instanceof Error ? failure.message : String(failure),
    };
    const at = deps.clock.now().toISOString();
    await deps.store.scheduledMessages.markFailed(id, error, at);
    done = { ...claimed, status: 'failed', error, updatedAt: at };
  }
  deps.events.emit('scheduled', { scheduled: done });
}
