/**
 * The open conversation's messages as news about them arrives: the message itself, its status
 * changes (the `/admin` socket) and the answer to the coach's own POST. They can come in any order:
 * the web channel sends at once, so "sent" often arrives before the POST's answer, which says
 * "queued". A status therefore only moves forward, as on the server (core/status.ts).
 */
import type { Message } from './types.js';

const RANK: Record<string, number> = { received: 0, queued: 1, sent: 2, delivered: 3, read: 4, failed: 5 };

const rank = (status: string) => RANK[status] ?? 0;

/** What is known of one message after `incoming`: its newer fields, never an older status. */
export function mergeMessage(current: Message, incoming: Message): Message {
  // A status update carries no `guard`: keep what the first event said.
  const merged = { ...current, ...incoming, guard: incoming.guard ?? current.guard };
  if (rank(incoming.status) >= rank(current.status)) return merged;
  const { error: _older, ...rest } = merged;
  return { ...rest, status: current.status, ...(current.error ? { error: current.error } : {}) };
}

/** The list with `message` added (in time order) or merged into the one with its id. */
export function upsertMessage(list: Message[], message: Message): Message[] {
  const index = list.findIndex((item) => item.id === message.id);
  if (index < 0) return [...list, message].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const next = list.slice();
  next[index] = mergeMessage(list[index]!, message);
  return next;
}
