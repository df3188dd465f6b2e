/** The memory window: the last N messages of this conversation within H hours, within a token budget. */
import type { Message } from '../types.js';
import type { ChatTurn } from './provider.js';

export interface MemoryOptions {
  messages: number;
  hours: number;
  /** Rough budget (4 characters a token); the oldest turns go first. */
  maxTokens?: number;
}

export function memoryWindow(messages: Message[], now: Date, options: MemoryOptions): ChatTurn[] {
  const since = now.getTime() - options.hours * 3_600_000;
  const budget = (options.maxTokens ?? 3_000) * 4;
  const turns: ChatTurn[] = [];
  let used = 0;
  for (let i = messages.length - 1; i >= 0 && turns.length < options.messages; i--) {
    const message = messages[i]!;
    if (Date.parse(message.createdAt) < since) break;
    if (message.sender.type === 'system' || !message.text) continue;
    if (used + message.text.length > budget && turns.length > 0) break;
    used += message.text.length;
    turns.push({ role: message.sender.type === 'contact' ? 'user' : 'assistant', content: message.text });
  }
  return turns.reverse();
}
