/**
 * Channel rate limits as the senders use them, in one process or shared by all. With one process
 * (embedded store) the in-memory token buckets of core/rate-limiter.ts are exact and cost no write.
 * With several processes on one database each send takes its tokens from a row per key
 * (`RateBucketRepository`, one conditional write), so a limit holds in aggregate: two processes
 * sending to Telegram together stay at 30 a second, not 60.
 */
import { KeyedRateLimiter, type RateSpec } from './rate-limiter.js';
import type { RateBucketRepository } from './repositories.js';

/** One keyed limit (per chat, per sender number, or one key for a whole channel). */
export interface RateLimit {
  /** Takes `tokens` tokens of `key`; the milliseconds to wait before using the last of them. */
  reserve(key: string, now: number, tokens?: number): number | Promise<number>;
  /** The provider said 429: nothing of `key` before `until`. */
  pauseUntil(key: string, until: number): void | Promise<void>;
}

/** Makes the limit called `name` (unique per channel and kind, e.g. `telegram:chat`) with `spec`. */
export type RateLimits = (name: string, spec: RateSpec) => RateLimit;

/** Limits of this process only. */
export const memoryRateLimits: RateLimits = (_name, spec) => {
  const limiter = new KeyedRateLimiter(spec);
  let reservations = 0;
  return {
    reserve(key, now, tokens = 1) {
      let wait = 0;
      for (let i = 0; i < Math.max(1, tokens); i++) wait = limiter.reserve(key, now);
      // Buckets full again are forgotten now and then, so idle keys do not pile up.
      if (++reservations % 1_000 === 0) limiter.sweep(now);
      return wait;
    },
    pauseUntil: (key, until) => limiter.pauseUntil(key, until),
  };
};

/** Limits shared by every process on the store's database. */
export function storeRateLimits(buckets: RateBucketRepository): RateLimits {
  return (name, spec) => {
    if (!(spec.rate > 0) || !(spec.perMs > 0)) throw new RangeError('a rate needs rate > 0 and perMs > 0');
    const intervalMs = spec.perMs / spec.rate;
    const burstMs = Math.max(1, spec.burst ?? spec.rate) * intervalMs;
    return {
      async reserve(key, now, tokens = 1) {
        const start = await buckets.reserve(`${name}:${key}`, intervalMs, burstMs, tokens, now);
        return Math.max(0, start - now);
      },
      pauseUntil: (key, until) => buckets.pauseUntil(`${name}:${key}`, until),
    };
  };
}
