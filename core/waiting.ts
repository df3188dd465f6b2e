/**
 * Waiting for the coach (`coachNeededAt`): the customer said something only the coach can answer, and
 * the coach has not written since. It is set when the assistant leaves a question to the coach, when
 * the conversation is handed off on the customer's account (they asked for a person, the provider
 * failed), and when the customer writes in a conversation the coach holds; only the coach writing in
 * it, or handing it back, clears it (core/coach.ts). What Kora, the assistant or a campaign sends
 * meanwhile answers nothing, so it leaves the mark as it is: the dashboard and the inbox's "waiting"
 * list, which read it, then agree whatever line came last.
 */
import { consentKeyword } from './consent.js';
import type { Conversation, Message } from './types.js';

/** The mark a customer's message sets in a conversation the coach holds; nothing otherwise. */
export function customerWaits(
  conversation: Conversation,
  message: Message,
  now: string,
): { coachNeededAt?: string } {
  if (conversation.kind !== 'assistant' || !conversation.handoff || conversation.coachNeededAt) return {};
  if (message.sender.type !== 'contact') return {};
  // STOP / START are answered by Kora and go no further: nothing for the coach to answer.
  if (consentKeyword(message.text)) return {};
  return { coachNeededAt: now };
}
