/**
 * Telegram's published limits (core/rate-limiter.ts token buckets): about 30 messages a second
 * overall (paced evenly at 25 a second, so that no one second holds more than 30), one a second in one chat, 20 a minute in one group. `delay` reserves a slot in each bucket
 * that applies and says how long to wait for it (the chat first, then overall); a 429's `retry_after` pauses the chat.
 */
import { KeyedRateLimiter, type RateSpec, TokenBucket } from '../../core/rate-limiter.js';
import type { RateLimit, RateLimits } from '../../core/rate-limits.js';

export interface TelegramLimits {
  global: RateSpec;
  chat: RateSpec;
  group: RateSpec;
}

export const TELEGRAM_LIMITS: TelegramLimits = {
  // An even pace, not a bucket of 30: one that saves up 30 while idle lets 60 go within one second
  // (30 at once, 30 more as it refills). One every 40 ms keeps any second at 30 or fewer where
  // Telegram counts them, with 5 to spare for sends that a busy process made late after taking their
  // slot (at 28 a second, three processes on a loaded machine once put 31 in one second).
  global: { rate: 25, perMs: 1_000, burst: 1 },
  chat: { rate: 1, perMs: 1_000 },
  group: { rate: 20, perMs: 60_000 },
};

/** What the adapter asks (see TelegramPacer); the waits may come from the database (several processes). */
export interface TelegramPacing {
  chatDelay(chatId: string, group: boolean, now: number): number | Promise<number>;
  globalDelay(now: number): number | Promise<number>;
  pause(chatId: string, until: number): void | Promise<void>;
}

export class TelegramPacer implements TelegramPacing {
  readonly #global: TokenBucket;
  readonly #chats: KeyedRateLimiter;
  readonly #groups: KeyedRateLimiter;
  #reservations = 0;

  constructor(limits: TelegramLimits = TELEGRAM_LIMITS) {
    this.#global = new TokenBucket(limits.global);
    this.#chats = new KeyedRateLimiter(limits.chat);
    this.#groups = new KeyedRateLimiter(limits.group);
  }

  /**
   * Milliseconds to wait before sending one message to `chatId` (a group chat when `group`), as far
   * as that chat's limits go. Then take the overall slot with `globalDelay` at the moment it allows:
   * taking both at once would book overall slots ahead and starve the chats that are free now.
   */
  chatDelay(chatId: string, group: boolean, now: number): number {
    let wait = this.#chats.reserve(chatId, now);
    if (group) wait = Math.max(wait, this.#groups.reserve(chatId, now));
    if (++this.#reservations % 1_000 === 0) {
      this.#chats.sweep(now);
      this.#groups.sweep(now);
    }
    return wait;
  }

  /** Milliseconds to wait for a slot of the overall limit. */
  globalDelay(now: number): number {
    return this.#global.reserve(now);
  }

  /** Telegram answered 429 for this chat: nothing more to it before `until`. */
  pause(chatId: string, until: number): void {
    this.#chats.pauseUntil(chatId, until);
  }
}

/**
 * The same limits taken from buckets every process shares (core/rate-limits.ts `storeRateLimits`):
 * with several processes on one database the bot stays within Telegram's limits in aggregate.
 */
export class SharedTelegramPacer implements TelegramPacing {
  readonly #global: RateLimit;
  readonly #chats: RateLimit;
  readonly #groups: RateLimit;

  constructor(rates: RateLimits, limits: TelegramLimits = TELEGRAM_LIMITS) {
    this.#global = rates('telegram:global', limits.global);
    this.#chats = rates('telegram:chat', limits.chat);
    this.#groups = rates('telegram:group', limits.group);
  }

  async chatDelay(chatId: string, group: boolean, now: number): Promise<number> {
    const chat = this.#chats.reserve(chatId, now);
    return group ? Math.max(await chat, await this.#groups.reserve(chatId, now)) : chat;
  }

  globalDelay(now: number): number | Promise<number> {
    return this.#global.reserve('all', now);
  }

  pause(chatId: string, until: number): void | Promise<void> {
    return this.#chats.pauseUntil(chatId, until);
  }
}
