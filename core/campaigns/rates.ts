/**
 * Campaign pacing: each channel's published limit (its plug-in's `pacing.channel`, shared by every
 * campaign of the process) and each campaign's own `rate`. A provider's 429 holds the whole channel
 * until its Retry-After. Campaign sends are paced here only: the outbox tells the adapter they are
 * paced already (OutboundMessage.paced), so they do not wait a second time there.
 */
import { type RateSpec, TokenBucket } from '../rate-limiter.js';
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

export class ChannelPacer {
  readonly #buckets = new Map<ChannelName, TokenBucket>();
  readonly #groupBuckets = new Map<ChannelName, TokenBucket>();
  readonly #paused = new Map<ChannelName, number>();

  readonly #rateSpec: (channel: ChannelName) => RateSpec | null;
  readonly #groupSpec: (channel: ChannelName) => RateSpec | null;

  /**
   * `rates`: each channel's limit, or a function giving it (ChannelRegistry.rateOf: the plug-in's
   * `pacing.channel`, read when first needed so instances registered later count). Unnamed: not paced.
   * `groupRates`: the limit on posts into group chats (ChannelRegistry.groupRateOf), taken besides.
   */
  constructor(
    rates: Partial<Record<ChannelName, RateSpec | null>> | ((channel: ChannelName) => RateSpec | null) = {},
    groupRates: (channel: ChannelName) => RateSpec | null = () => null,
  ) {
    this.#rateSpec = typeof rates === 'function' ? rates : (channel) => rates[channel] ?? null;
    this.#groupSpec = groupRates;
  }

  /** Milliseconds to wait before one more post into a group chat on `channel` (a token is taken). */
  reserveGroup(channel: ChannelName, now: number): number {
    const spec = this.#groupSpec(channel);
    if (!spec) return 0;
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
  reserve(channel: ChannelName, now: number): number {
    const pausedUntil = this.#paused.get(channel) ?? 0;
    const spec = this.#rateSpec(channel);
    if (!spec) return Math.max(0, pausedUntil - now);
    let bucket = this.#buckets.get(channel);
    if (!bucket) {
      bucket = pacedBucket((spec.rate * 1_000) / spec.perMs, now);
      this.#buckets.set(channel, bucket);
    }
    bucket.pauseUntil(pausedUntil);
    return bucket.reserve(now);
  }

  /** The provider said 429: nothing on `channel` before `untilMs`. */
  pause(channel: ChannelName, untilMs: number): void {
    this.#paused.set(channel, Math.max(this.#paused.get(channel) ?? 0, untilMs));
  }

  /** Sends per second allowed on `channel` (Infinity when unlimited). */
  rateOf(channel: ChannelName): number {
    const spec = this.#rateSpec(channel);
    return spec ? (spec.rate * 1_000) / spec.perMs : Number.POSITIVE_INFINITY;
  }
}
