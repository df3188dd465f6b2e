/** What the assistant says goes out like every other message (core/outbound.ts), as the assistant. */
import { type OutboundDeps, sendIfAssistantActive, sendToConversation } from '../outbound.js';
import type { Conversation, GuardIntervention, Message } from '../types.js';
import { ASSISTANT_NAME } from './defaults.js';
import type { HeldTurn } from '../turn-lease.js';

export type ReplyStoreDeps = OutboundDeps;

export interface AssistantAnswer {
  text: string;
  /** The conversation goes to the coach with this answer (the assistant is silent afterwards). */
  handoff: boolean;
  /** Why it is handed off (the customer asked, or nothing could answer): picks the away text. */
  handoffReason?: 'asked' | 'failed';
  /** This question is left to the coach: the conversation waits for them, the assistant goes on. */
  forCoach?: boolean;
  guard?: GuardIntervention[];
}

export async function storeAnswer(
  deps: ReplyStoreDeps,
  conversation: Conversation,
  answer: AssistantAnswer,
): Promise<Message> {
  const sent = await sendToConversation(deps, conversation, {
    sender: { type: 'assistant', name: ASSISTANT_NAME },
    text: answer.text,
    guard: answer.guard,
    handoff: answer.handoff,
  });
  return sent.message;
}

/**
 * An assistant turn's answer: dropped (null) when the coach took the conversation over meanwhile.
 * `held`: the turn's lease, let go of by the answer's write when it can (`releasedTurn`).
 */
export async function storeTurnAnswer(
  deps: ReplyStoreDeps,
  conversation: Conversation,
  answer: AssistantAnswer,
  held?: HeldTurn,
): Promise<{ message: Message | null; releasedTurn: boolean }> {
  const sent = await sendIfAssistantActive(
    deps,
    conversation.id,
    {
      sender: { type: 'assistant', name: ASSISTANT_NAME },
      text: answer.text,
      guard: answer.guard,
      handoff: answer.handoff,
      // Handed off on the customer's account (asked for a person, the provider failed): their message
      // waits for the coach, as a question left to them does (core/waiting.ts).
      coachNeeded: answer.forCoach || answer.handoff || undefined,
    },
    conversation,
    held,
  );
  return { message: sent?.message ?? null, releasedTurn: sent?.releasedTurn === true };
}
