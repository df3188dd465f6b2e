/**
 * The typing indicator's clocks: our own `typing` is sent at most every two seconds, and someone
 * else's shows for three seconds after their last one (one timer re-renders when the next runs out).
 */
import { nextTypingExpiry, pruneTypers, type Typer } from './chat-state.js';

export const TYPING_SHOWN_MS = 3_000;
const TYPING_SENT_EVERY_MS = 2_000;

type Typing = Record<string, Typer[]>;

export class TypingClock {
  #lastSent = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** true when our own `typing` may be sent now (and counts it as sent). */
  takeSendTurn(now = Date.now()): boolean {
    if (now - this.#lastSent < TYPING_SENT_EVERY_MS) return false;
    this.#lastSent = now;
    return true;
  }

  /** Calls `update` with the indicators still running each time the next one runs out. */
  scheduleExpiry(current: () => Typing, update: (typing: Typing) => void): void {
    clearTimeout(this.#timer);
    const next = nextTypingExpiry(current(), Date.now());
    if (next === null) return;
    this.#timer = setTimeout(
      () => {
        update(pruneTypers(current(), Date.now()));
        this.scheduleExpiry(current, update);
      },
      next - Date.now() + 10,
    );
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
