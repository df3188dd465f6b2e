/**
 * Several processes on one database (DATABASE_URL) each keep their own reply windows and turn queues:
 * a burst whose messages reach two processes opens a window in each. A turn holding its conversation's
 * lease (core/turn-lease.ts) answers only if its trigger is the conversation's newest customer message
 * in the store; otherwise the turn of the process that received that one answers the burst (it reads
 * the whole history), so a burst is answered once.
 */
import { consentKeyword } from './consent.js';
import type { Store } from './repositories.js';
import type { Message } from './types.js';

/** Enough to find the newest routed customer message among a burst's last messages. */
const LOOK_BACK = 50;

/**
 * Whether a newer customer message than `trigger` is stored (received by another process, whose own
 * window answers it). Consent keywords (STOP…) never go to the assistant, so they never take a burst over.
 */
export async function burstAnsweredElsewhere(store: Store, trigger: Message): Promise<boolean> {
  const recent = await store.messages.list(trigger.conversationId, { limit: LOOK_BACK });
  for (let i = recent.length - 1; i >= 0; i--) {
    const message = recent[i]!;
    if (message.id === trigger.id) return false;
    if (message.sender.type === 'contact' && !consentKeyword(message.text)) return true;
  }
  return false;
}
