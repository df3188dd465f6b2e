/**
 * Coalesces the emails sent at about the same time (a campaign's group, answers) into one Resend call
 * of up to 100, paced at Resend's request rate. Idempotency: an email alone goes with its own key (the
 * message id, the same on every retry); a batch goes with a key derived from its members' keys, so the
 * SDK's or a retry's repeat of the same batch is one batch at Resend. A 429 holds every later call
 * until its Retry-After, and fails the batch's sends with it: the outbox retries them then.
 */
import { createHash } from 'node:crypto';
import { ChannelApiError } from '../../core/errors.js';
import { type RateSpec, sleep, TokenBucket } from '../../core/rate-limiter.js';
import type { RateLimit } from '../../core/rate-limits.js';
import type { EmailPayload } from './client.js';

export type BatchSend = (emails: EmailPayload[], idempotencyKey: string) => Promise<string[]>;

export interface BatcherOptions {
  /** Emails per call at most (Resend: 100). */
  maxSize?: number;
  /** How long the first email waits for others to join its call. */
  windowMs?: number;
  /** Calls per second (default: Resend's 5 requests/s). */
  requestRate?: RateSpec;
  /**
   * The request limit shared by every process (several on PostgreSQL: `storeRateLimits`, at
   * RESEND_REQUEST_RATE), which Resend counts per API key; unset, this process's own bucket.
   */
  requests?: RateLimit;
}

interface Pending {
  email: EmailPayload;
  key: string;
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
}

export const RESEND_REQUEST_RATE: RateSpec = { rate: 5, perMs: 1_000, burst: 1 };

/** The key of the shared request limit (one API key per installation). */
const SHARED_KEY = 'resend';

export function batchKey(keys: string[]): string {
  if (keys.length === 1) return keys[0]!;
  return `batch-${createHash('sha256').update(keys.join('\n')).digest('base64url')}`;
}

export class EmailBatcher {
  readonly #send: BatchSend;
  readonly #maxSize: number;
  readonly #windowMs: number;
  readonly #bucket: TokenBucket;
  readonly #shared: RateLimit | undefined;
  #queue: Pending[] = [];
  #timer: NodeJS.Timeout | null = null;
  /** In flight by idempotency key: a second send of the same message joins the first. */
  readonly #inFlight = new Map<string, Promise<string>>();
  /** Calls made, and emails in them (the channel status shows them). */
  readonly counters = { calls: 0, emails: 0 };

  constructor(send: BatchSend, options: BatcherOptions = {}) {
    this.#send = send;
    this.#maxSize = options.maxSize ?? 100;
    this.#windowMs = options.windowMs ?? 25;
    this.#bucket = new TokenBucket(options.requestRate ?? RESEND_REQUEST_RATE);
    this.#shared = options.requests;
  }

  submit(email: EmailPayload, key: string): Promise<string> {
    const joined = this.#inFlight.get(key);
    if (joined) return joined;
    // Resend's batch call takes no attachments: an email with files is a call of its own.
    const alone = (email.attachments?.length ?? 0) > 0;
    const promise = new Promise<string>((resolve, reject) => {
      const pending = { email, key, resolve, reject };
      if (alone) void this.#call([pending]);
      else this.#queue.push(pending);
    }).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    if (alone) return promise;
    if (this.#queue.length >= this.#maxSize) this.#flushNow();
    else this.#timer ??= setTimeout(() => this.#flushNow(), this.#windowMs);
    return promise;
  }

  #flushNow(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxSize);
      void this.#call(batch);
    }
  }

  async #call(batch: Pending[]): Promise<void> {
    try {
      const wait = this.#shared
        ? await this.#shared.reserve(SHARED_KEY, Date.now())
        : this.#bucket.reserve(Date.now());
      if (wait > 0) await sleep(wait);
      const ids = await this.#send(
        batch.map((item) => item.email),
        batchKey(batch.map((item) => item.key)),
      );
      this.counters.calls++;
      this.counters.emails += batch.length;
      batch.forEach((item, index) => {
        const id = ids[index];
        if (id) item.resolve(id);
        else item.reject(new ChannelApiError('resend: no id for this email', { transient: true }));
      });
    } catch (error) {
      const retryAfterMs = error instanceof ChannelApiError ? error.options.retryAfterMs : undefined;
      if (retryAfterMs !== undefined) await this.#pause(Date.now() + retryAfterMs);
      for (const item of batch) item.reject(error);
    }
  }

  /** Resend said 429: no call before `until`, from this process or (shared) any other. */
  async #pause(until: number): Promise<void> {
    this.#bucket.pauseUntil(until);
    // The shared row is written for the other processes; if that write fails this one still waits.
    await Promise.resolve(this.#shared?.pauseUntil(SHARED_KEY, until)).catch(() => {});
  }
}
