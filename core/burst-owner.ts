/**
 * Several processes on one database (DATABASE_URL) each keep their own reply windows and turn queues:
 * a burst whose messages reach two processes opens a window in each. A turn holding its conversation's
 * lease (core/turn-lease.ts) answers only if its trigger is the conversation's newest customer message
 * in the store; otherwise the turn of the process that received that one answers the burst (it reads
 * the whole history), so a burst is answered once.
 */
import { consentKeyword } from './consent.js';

/**
 * Whether a customer message stored after the trigger (`newerFromContacts`: their texts, as the turn's
 * lease told them, `turns.acquireAfter`) takes the burst over: it was received by another process,
 * whose own window answers it. Consent keywords (STOP…) never go to the assistant, so they never take
 * a burst over.
 */
export function burstAnsweredElsewhere(newerFromContacts: readonly string[]): boolean {
  return newerFromContacts.some((text) => !consentKeyword(text));
}
