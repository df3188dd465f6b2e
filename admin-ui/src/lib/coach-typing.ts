/**
 * Tells the customer the coach is writing (issue 19): at most every 2 s while the coach types, over
 * the panel's `/admin` socket; the web chat shows it 3 s after the last one, as between members.
 */
import { emitLive } from './live.js';

const EVERY_MS = 2_000;
let last = { conversationId: '', at: 0 };

export function coachTyping(conversationId: string, now = Date.now()): void {
  if (last.conversationId === conversationId && now - last.at < EVERY_MS) return;
  last = { conversationId, at: now };
  emitLive('typing', { conversationId });
}
