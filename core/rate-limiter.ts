/**
 * Rate limits as token buckets: `rate` tokens per `perMs`, at most `burst` saved up. `reserve` never
 * blocks: it takes a token now (or in the future) and says how long to wait before using it, so a
 * caller can sleep, re-queue the work, or tell a provider's 429 apart from our own pacing.
 * Used by the channel adapters (providers' published limits) and by campaign dispatch (`rate`).
 */

export interface RateSpec {
  /** Tokens per period. */
  rate: number;
  /** The period in milliseconds (1000 = per second). */
  perMs: number;
  /** How many tokens may be saved up while idle (default: `rate`, at least 1). */
  burst?: number;
}

export class TokenBucket {
  readonly #intervalMs: number;
  readonly #burstMs: number;
  /** When the next token is free; tokens saved up are the time between it and now. */
  #nextFreeAt = Number.NEGATIVE_INFINITY;

  constructor(spec: RateSpec) {
    if (!(spec.rate > 0) || !(spec.perMs > 0)) throw new RangeError('a rate needs rate > 0 and perMs > 0');
    this.#intervalMs = spec.perMs / spec.rate;
    this.#burstMs = Math.max(1, spec.burst ?? spec.rate) * this.#intervalMs;
  }

  /** Takes one token; returns the milliseconds to wait before using it (0 = now). */
  reserve(now: number): number {
    const start = Math.max(this.#nextFreeAt, now - this.#burstMs + this.#intervalMs);
    this.#nextFreeAt = start + this.#intervalMs;
    return Math.max(0, start - now);
  }

  /** Takes one token if one is free now; false (taking nothing) otherwise. */
  take(now: number): boolean {
    const start = Math.max(this.#nextFreeAt, now - this.#burstMs + this.#intervalMs);
    if (start > now) return false;
    this.#nextFreeAt = start + this.#intervalMs;
    return true;
  }

  /** Nothing may be taken before `until` (a provider's Retry-After). */
  pauseUntil(until: number): void {
    this.#nextFreeAt = Math.max(this.#nextFreeAt, until);
  }

  /** true when no token is reserved ahead and the bucket is full again (safe to forget). */
  idle(now: number): boolean {
    return this.#nextFreeAt + this.#burstMs <= now;
  }
}

/** One bucket per key (per chat, per sender number), created on first use and forgotten when full again. */
export class KeyedRateLimiter {
  readonly #spec: RateSpec;
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(spec: RateSpec) {
    this.#spec = spec;
    new TokenBucket(spec); // validates the spec once, at construction
  }

  reserve(key: string, now: number): number {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.#spec);
      this.#buckets.set(key, bucket);
    }
    return bucket.reserve(now);
  }

  pauseUntil(key: string, until: number): void {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.#spec);
      this.#buckets.set(key, bucket);
    }
    bucket.pauseUntil(until);
  }

  /** Drops buckets that are full again; call now and then so idle keys do not pile up. */
  sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) if (bucket.idle(now)) this.#buckets.delete(key);
  }

  get size(): number {
    return this.#buckets.size;
  }
}

/**
 * Refuses rather than delays: one bucket per key (a client address), at most `capacity` keys held. The
 * least recently used key is forgotten when a new one comes in, so memory stays bounded whatever a
 * flood of addresses does; a forgotten key starts again with a full bucket.
 */
export class BoundedRateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly spec: RateSpec,
    private readonly capacity: number,
  ) {
    new TokenBucket(spec); // validates the spec once, at construction
    if (!(capacity >= 1)) throw new RangeError('a bounded limiter needs a capacity of at least 1');
  }

  /** Takes a token for `key` now, or returns false (taking nothing). */
  take(key: string, now: number): boolean {
    const bucket = this.#buckets.get(key) ?? new TokenBucket(this.spec);
    // Re-inserted last: the Map's order is the recency order.
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.capacity) this.#buckets.delete(this.#buckets.keys().next().value!);
    return bucket.take(now);
  }

  get size(): number {
    return this.#buckets.size;
  }
}

/** Sleeps `ms` (resolves at once for 0). */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
