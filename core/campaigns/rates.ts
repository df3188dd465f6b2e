/**
 * Campaign pacing: each channel's published limit (shared by every campaign of the process) and each
 * campaign's own `rate`. A provider's 429 holds the whole channel until its Retry-After.
 */
import { type RateSpec, TokenBucket } from '../rate-limiter.js';
import type { ChannelName } from '../types.js';

/**
 * The providers' published limits: Telegram 30 messages/s per bot, WhatsApp through Twilio 80/s,
 * SMS 1/s per long code. Email is paced by its adapter, not here: Resend allows 5 requests/s of up to
 * 100 emails each, so a whole group goes at once and the adapter batches it and paces its requests
 * (a 429 still holds the channel here). The web has none, nor Bot Framework an overall one (its 429s
 * are honoured).
 */
export const CHANNEL_RATES: Readonly<Record<ChannelName, RateSpec | null>> = {
  web: null,
  telegram: { rate: 30, perMs: 1_000 },
  whatsapp: { rate: 80, perMs: 1_000 },
  sms: { rate: 1, perMs: 1_000 },
  email: null,
  teams: null,
};

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
  readonly #paused = new Map<ChannelName, number>();

  constructor(private readonly rates: Partial<Record<ChannelName, RateSpec | null>> = CHANNEL_RATES) {}

  /** Milliseconds to wait before sending one more message on `channel` (a token is taken). */
  reserve(channel: ChannelName, now: number): number {
    const pausedUntil = this.#paused.get(channel) ?? 0;
    const spec = this.rates[channel] ?? null;
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
    const spec = this.rates[channel] ?? null;
    return spec ? (spec.rate * 1_000) / spec.perMs : Number.POSITIVE_INFINITY;
  }
}
