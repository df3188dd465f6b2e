/**
 * "Lina (coach) joined the conversation": the system line written when a person takes a conversation
 * over (issue 19). It is stored like any message, so history shows it, but it is never sent through a
 * channel (a customer on WhatsApp would get an English bot line outside any window) and the memory
 * window leaves system lines out of the AI's context (core/assistant/memory.ts).
 */
import type { Repositories } from './repositories.js';
import type { Conversation, Message } from './types.js';

/** `sender.id` of the joined line: the pages render it in their own language from `sender.name`. */
export const COACH_JOINED = 'coach_joined';

/** How far back the joined rule looks (a page of history): further than that, the coach joins again. */
const LOOK_BACK = 50;

export interface JoiningCoach {
  id: string;
  name: string;
}

export function isCoachJoinedLine(message: Pick<Message, 'sender'>): boolean {
  return message.sender.type === 'system' && message.sender.id === COACH_JOINED;
}

/**
 * Whether `coach` is already in: scanning back from the newest message, one of theirs (a message or
 * their joined line) comes before the assistant's last word. After the assistant spoke again (handed
 * back), taking over again is joining again.
 */
function alreadyIn(messages: Message[], coach: JoiningCoach): boolean {
  for (let i = messages.length - 1; i >= 0; i--) {
    const { sender } = messages[i]!;
    if (sender.type === 'coach' && sender.id === coach.id) return true;
    if (isCoachJoinedLine({ sender }) && messages[i]!.text === joinedText(coach)) return true;
    if (sender.type === 'assistant') return false;
  }
  return false;
}

export function joinedText(coach: JoiningCoach): string {
  return `${coach.name} (coach) joined the conversation`;
}

/**
 * Writes the joined line through `tx` when the coach takes over an assistant conversation they are
 * not in yet; the caller emits the `message` event after the commit. Read and written in one
 * transaction, so two takeovers at once write one line (PostgreSQL re-runs the loser, SQLite has one writer).
 */
export async function stageCoachJoined(
  tx: Repositories,
  conversation: Conversation,
  coach: JoiningCoach,
  id: string,
  now: string,
): Promise<Message | null> {
  if (conversation.kind !== 'assistant') return null;
  const recent = await tx.messages.list(conversation.id, { limit: LOOK_BACK });
  if (alreadyIn(recent, coach)) return null;
  const line: Message = {
    id,
    conversationId: conversation.id,
    sender: { type: 'system', id: COACH_JOINED, name: coach.name },
    text: joinedText(coach),
    channel: conversation.channel,
    status: 'sent',
    createdAt: now,
  };
  await tx.messages.insert(line);
  return line;
}
