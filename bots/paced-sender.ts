/**
 * The guards every Twilio/Baileys sender shares: a provider's rate limit (core/rate-limiter.ts token
 * buckets, one per key: the sender number, or one global key), and one send per idempotency key at a
 * time. The outbox leases a batch for 60 s; a paced send can wait longer than that, so the entry may be
 * claimed again while it still waits here: the second call joins the first instead of sending twice.
 */
import { KeyedRateLimiter, type RateSpec, sleep } from '../core/rate-limiter.js';

export class PacedSender {
  readonly #limiter: KeyedRateLimiter;
  readonly #inflight = new Map<string, Promise<unknown>>();
  readonly #now: () => number;
  #sweeps = 0;

  constructor(spec: RateSpec, now: () => number = Date.now) {
    this.#limiter = new KeyedRateLimiter(spec);
    this.#now = now;
  }

  /**
   * Runs `send` once `cost` tokens of `key` are available; a call with an `idempotencyKey` already in
   * flight gets that call's result. `paced`: the caller waited for the first token (OutboundMessage.paced).
   */
  run<T>(
    idempotencyKey: string,
    key: string,
    cost: number,
    send: () => Promise<T>,
    paced = false,
  ): Promise<T> {
    const pending = this.#inflight.get(idempotencyKey);
    if (pending) return pending as Promise<T>;
    const now = this.#now();
    let wait = 0;
    for (let i = 0; i < Math.max(1, cost); i++) {
      const reserved = this.#limiter.reserve(key, now);
      // A paced send (campaigns) waited for its first token already: it is counted, not waited for again.
      if (!(paced && i === 0)) wait = reserved;
    }
    if (++this.#sweeps % 1000 === 0) this.#limiter.sweep(now);
    const result = sleep(wait)
      .then(send)
      .finally(() => this.#inflight.delete(idempotencyKey));
    this.#inflight.set(idempotencyKey, result);
    return result;
  }

  /** The provider said 429: nothing more on `key` before `retryAfterMs` from now. */
  pause(key: string, retryAfterMs: number): void {
    this.#limiter.pauseUntil(key, this.#now() + retryAfterMs);
  }
}
