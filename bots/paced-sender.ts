/**
 * The guards every Twilio/Baileys sender shares: a provider's rate limit (core/rate-limits.ts: token
 * buckets per key, the sender number or one global key; in this process, or shared by every process
 * on one database), and one send per idempotency key at a time. A paced send can wait long; the
 * outbox renews its lease meanwhile, and a second call for the same key in this process joins the
 * first instead of sending twice.
 */
import { type RateSpec, sleep } from '../core/rate-limiter.js';
import { memoryRateLimits, type RateLimit, type RateLimits } from '../core/rate-limits.js';

export class PacedSender {
  readonly #limit: RateLimit;
  readonly #inflight = new Map<string, Promise<unknown>>();
  readonly #now: () => number;

  /** `name`: the limit's name among the shared ones (e.g. `twilio:whatsapp`). */
  constructor(
    spec: RateSpec,
    now: () => number = Date.now,
    rates: RateLimits = memoryRateLimits,
    name = 'paced',
  ) {
    this.#limit = rates(name, spec);
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
    const tokens = Math.max(1, cost);
    const reserved = this.#limit.reserve(key, this.#now(), tokens);
    // A paced send (campaigns) waited for its first token already: it is counted, not waited for again.
    const result = Promise.resolve(reserved)
      .then((wait) => sleep(paced && tokens === 1 ? 0 : wait))
      .then(send)
      .finally(() => this.#inflight.delete(idempotencyKey));
    this.#inflight.set(idempotencyKey, result);
    return result;
  }

  /** The provider said 429: nothing more on `key` before `retryAfterMs` from now. */
  async pause(key: string, retryAfterMs: number): Promise<void> {
    await this.#limit.pauseUntil(key, this.#now() + retryAfterMs);
  }
}
