/**
 * Campaign pacing: each channel's published limit (its plug-in's `pacing.channel`, shared by every
 * campaign) and each campaign's own `rate`. A provider's 429 holds the whole channel until its
 * Retry-After. Campaign sends are paced here only: the outbox tells the adapter they are paced already
 * (OutboundMessage.paced), so they do not wait a second time there. In one process the buckets are in
 * memory; given the store's shared limits (`RateLimits`, several processes on PostgreSQL) each token
 * is taken from a row every process shares, so two processes sending campaigns on one channel stay
 * within its one limit together.
 */
import { type RateSpec, TokenBucket } from '../rate-limiter.js';
import type { RateLimit, RateLimits } from '../rate-limits.js';
import type { ChannelName } from '../types.js';

/**
 * A bucket that starts empty (no burst at the start) and may fall 50 ms behind without losing pace:
 * timers fire late, and the tokens of that lateness stay usable.
 */
export function pacedBucket(ratePerSecond: number, now: number): TokenBucket {
  const bucket = new TokenBucket({
    rate: ratePerSecond,
    perMs: 1_000,
    burst: Math.max(1, Math.ceil(ratePerSecond / 20)),
  });
  bucket.pauseUntil(now);
  return bucket;
}

/** The spec of `pacedBucket` for a shared limit (which starts with its burst: one twentieth of a second). */
function pacedSpec(ratePerSecond: number): RateSpec {
  return { rate: ratePerSecond, perMs: 1_000, burst: Math.max(1, Math.ceil(ratePerSecond / 20)) };
}

/** Milliseconds to wait before one more send at `ratePerSecond`; in memory, or from a shared limit. */
export type Reservation = (now: number) => number | Promise<number>;

/** A campaign's own `rate`: its bucket, shared by every process when `shared` is given. */
export function campaignRate(
  campaignId: string,
  ratePerSecond: number,
  now: number,
  shared?: RateLimits,
): Reservation {
  if (shared) {
    const limit = shared('campaign:rate', pacedSpec(ratePerSecond));
    return (at) => limit.reserve(campaignId, at);
  }
  const bucket = pacedBucket(ratePerSecond, now);
  return (at) => bucket.reserve(at);
}

export class ChannelPacer {
  readonly #buckets = new Map<ChannelName, TokenBucket>();
  readonly #groupBuckets = new Map<ChannelName, TokenBucket>();
  readonly #sharedLimits = new Map<string, RateLimit>();
  readonly #paused = new Map<ChannelName, number>();

  readonly #rateSpec: (channel: ChannelName) => RateSpec | null;
  readonly #groupSpec: (channel: ChannelName) => RateSpec | null;
  readonly #shared: RateLimits | undefined;

  /**
   * `rates`: each channel's limit, or a function giving it (ChannelRegistry.rateOf: the plug-in's
   * `pacing.channel`, read when first needed so instances registered later count). Unnamed: not paced.
   * `groupRates`: the limit on posts into group chats (ChannelRegistry.groupRateOf), taken besides.
   * `shared`: the limits every process shares (`storeRateLimits`); unset, this process's own buckets.
   */
  constructor(
    rates: Partial<Record<ChannelName, RateSpec | null>> | ((channel: ChannelName) => RateSpec | null) = {},
    groupRates: (channel: ChannelName) => RateSpec | null = () => null,
    shared?: RateLimits,
  ) {
    this.#rateSpec = typeof rates === 'function' ? rates : (channel) => rates[channel] ?? null;
    this.#groupSpec = groupRates;
    this.#shared = shared;
  }

  /** The limits shared by every process, when there are several. */
  get shared(): RateLimits | undefined {
    return this.#shared;
  }

  /** The shared limit `name` of `channel` at `spec` (made once; its key is the channel). */
  #sharedLimit(name: string, spec: RateSpec): RateLimit {
    let limit = this.#sharedLimits.get(name);
    if (!limit) {
      limit = this.#shared!(name, pacedSpec((spec.rate * 1_000) / spec.perMs));
      this.#sharedLimits.set(name, limit);
    }
    return limit;
  }

  /** Milliseconds to wait before one more post into a group chat on `channel` (a token is taken). */
  reserveGroup(channel: ChannelName, now: number): number | Promise<number> {
    const spec = this.#groupSpec(channel);
    if (!spec) return 0;
    if (this.#shared) return this.#sharedLimit(`campaign:group:${channel}`, spec).reserve(channel, now);
    let bucket = this.#groupBuckets.get(channel);
    if (!bucket) {
      bucket = pacedBucket((spec.rate * 1_000) / spec.perMs, now);
      this.#groupBuckets.set(channel, bucket);
    }
    return bucket.reserve(now);
  }

  /** Group posts per second allowed on `channel` (Infinity when unlimited). */
  groupRateOf(channel: ChannelName): number {
    const spec = this.#groupSpec(channel);
    return spec ? (spec.rate * 1_000) / spec.perMs : Number.POSITIVE_INFINITY;
  }

  /** Milliseconds to wait before sending one more message on `channel` (a token is taken). */
  reserve(channel: ChannelName, now: number): number | Promise<number> {
    const pausedUntil = this.#paused.get(channel) ?? 0;
    const spec = this.#rateSpec(channel);
    if (!spec) return Math.max(0, pausedUntil - now);
    if (this.#shared) {
      const limit = this.#sharedLimit(`campaign:channel:${channel}`, spec);
      return Promise.resolve(limit.reserve(channel, now)).then((wait) => Math.max(wait, pausedUntil - now));
    }
    let bucket = this.#buckets.get(channel);
    if (!bucket) {
      bucket = pacedBucket((spec.rate * 1_000) / spec.perMs, now);
      this.#buckets.set(channel, bucket);
    }
    bucket.pauseUntil(pausedUntil);
    return bucket.reserve(now);
  }

  /** The provider said 429: nothing on `channel` before `untilMs` (from any process, when shared). */
  pause(channel: ChannelName, untilMs: number): void | Promise<void> {
    this.#paused.set(channel, Math.max(this.#paused.get(channel) ?? 0, untilMs));
    const spec = this.#shared ? this.#rateSpec(channel) : null;
    if (spec) return this.#sharedLimit(`campaign:channel:${channel}`, spec).pauseUntil(channel, untilMs);
  }

  /** Sends per second allowed on `channel` (Infinity when unlimited). */
  rateOf(channel: ChannelName): number {
    const spec = this.#rateSpec(channel);
    return spec ? (spec.rate * 1_000) / spec.perMs : Number.POSITIVE_INFINITY;
  }
}
