/**
 * Teams' published bot limits: per conversation 7 messages a second and 60 in 30 seconds, and 50 a
 * second for the whole app. Token buckets reserved at different times can bunch sends when two limits
 * interact, so this keeps the times sends finished (a sliding window log; a send reaches Teams between
 * its start and its end, so counting from its end keeps the limit whatever the network's jitter) and
 * lets a send start only when every window has room at that very moment, sends in flight counting as
 * now: check and record happen in one synchronous step. Sends to one conversation keep their order (one
 * chain per conversation, so at most one of them is in flight). A 429 closes the conversation until
 * its Retry-After. As in bots/whatsapp/pacing.ts, a send still waiting here when the outbox claims its
 * entry again is joined, not repeated.
 */
import { type RateSpec, sleep } from '../../core/rate-limiter.js';
import type { RateLimit, RateLimits } from '../../core/rate-limits.js';

export interface WindowLimit {
  count: number;
  perMs: number;
}

export interface TeamsLimits {
  conversation: WindowLimit[];
  app: WindowLimit[];
}

export const TEAMS_LIMITS: TeamsLimits = {
  conversation: [
    { count: 7, perMs: 1_000 },
    { count: 60, perMs: 30_000 },
  ],
  app: [{ count: 50, perMs: 1_000 }],
};

/**
 * The app limit as a token row every process shares (several processes on PostgreSQL: the plug-in
 * takes it from `storeRateLimits`): an even pace at nine tenths of the app's count a second, one at a
 * time, so that two processes' sends made a little late still leave no second above the count. The
 * windows above stay, per process, for the conversations' limits and the app's within one process.
 */
export function sharedAppRate(limits: TeamsLimits = TEAMS_LIMITS): RateSpec {
  const perSecond = Math.min(...limits.app.map(({ count, perMs }) => (count * 1_000) / perMs));
  return { rate: Math.max(1, Math.floor(perSecond * 0.9)), perMs: 1_000, burst: 1 };
}

/**
 * A conversation's windows as token rows every process shares (several processes on PostgreSQL): for a
 * window of `count` sends in `perMs`, a burst of a tenth of the count (one at least) and the rest of
 * nine tenths of it paced evenly over the window, so that a full burst and every token of one window
 * stay within nine tenths of its count, leaving room for sends that reach Teams a little late: 7 a
 * second becomes 1 at once then 5.3 a second; 60 in 30 seconds, 6 at once then 48 in 30 seconds.
 */
export function sharedConversationRates(limits: TeamsLimits = TEAMS_LIMITS): RateSpec[] {
  return limits.conversation.map(({ count, perMs }) => {
    const burst = Math.max(1, Math.floor(count / 10));
    return { rate: Math.max(0.1, count * 0.9 - burst), perMs, burst };
  });
}

/**
 * How long until one more send fits every limit, given the finished sends' times (oldest first) and
 * the sends still in flight (they may reach Teams at any moment until they finish: they count as now,
 * and a window full of them is checked again after its length).
 */
export function waitForRoom(log: number[], limits: WindowLimit[], now: number, inFlight = 0): number {
  let wait = 0;
  for (const { count, perMs } of limits) {
    if (inFlight >= count) {
      wait = Math.max(wait, perMs);
      continue;
    }
    const nth = log[log.length - (count - inFlight)];
    if (nth !== undefined && nth > now - perMs) wait = Math.max(wait, nth + perMs - now);
  }
  return wait;
}

/** Inserts `at` keeping `log` sorted (sends to different conversations finish in any order). */
function insertSorted(log: number[], at: number): void {
  let i = log.length;
  while (i > 0 && log[i - 1]! > at) i--;
  log.splice(i, 0, at);
}

function prune(log: number[], limits: WindowLimit[], now: number): void {
  const keep = Math.max(...limits.map((limit) => limit.perMs));
  const max = Math.max(...limits.map((limit) => limit.count));
  let drop = Math.max(0, log.length - max);
  while (drop < log.length && log[drop]! <= now - keep) drop++;
  if (drop > 0) log.splice(0, drop);
}

export class TeamsPacer {
  readonly #limits: TeamsLimits;
  readonly #now: () => number;
  readonly #logs = new Map<string, number[]>();
  readonly #app: number[] = [];
  #appInFlight = 0;
  readonly #pausedUntil = new Map<string, number>();
  readonly #chains = new Map<string, Promise<unknown>>();
  readonly #inflight = new Map<string, Promise<unknown>>();
  #runs = 0;
  readonly #sharedApp: RateLimit | undefined;
  readonly #sharedConversation: RateLimit[];

  /**
   * `shared`: the store's limits every process shares (`storeRateLimits`): the app's (`sharedAppRate`)
   * and each conversation's windows (`sharedConversationRates`) are taken from rows there too. Unset,
   * this process's windows only.
   */
  constructor(limits: TeamsLimits = TEAMS_LIMITS, now: () => number = Date.now, shared?: RateLimits) {
    this.#limits = limits;
    this.#now = now;
    this.#sharedApp = shared?.('teams:app', sharedAppRate(limits));
    this.#sharedConversation = shared
      ? sharedConversationRates(limits).map((spec, i) => shared(`teams:conversation:${i}`, spec))
      : [];
  }

  /**
   * Runs `send` once the conversation and the app both have room; joins a send of the same key in
   * flight. `paced`: the app-wide limit was waited for already (campaigns: OutboundMessage.paced), so
   * the send counts against it without waiting for it again.
   */
  run<T>(idempotencyKey: string, conversationId: string, send: () => Promise<T>, paced = false): Promise<T> {
    const pending = this.#inflight.get(idempotencyKey);
    if (pending) return pending as Promise<T>;
    if (++this.#runs % 1000 === 0) this.#sweep();
    const previous = this.#chains.get(conversationId) ?? Promise.resolve();
    const result = previous
      .catch(() => undefined)
      .then(() => this.#acquireShared(conversationId, paced))
      .then(() => this.#acquire(conversationId, paced))
      .then(() => send().finally(() => this.#finished(conversationId)))
      .finally(() => {
        this.#inflight.delete(idempotencyKey);
        if (this.#chains.get(conversationId) === result) this.#chains.delete(conversationId);
      });
    this.#chains.set(conversationId, result);
    this.#inflight.set(idempotencyKey, result);
    return result;
  }

  /** The connector said 429 for this conversation: nothing more to it before `retryAfterMs` from now. */
  pause(conversationId: string, retryAfterMs: number): void {
    const until = this.#now() + retryAfterMs;
    this.#pausedUntil.set(conversationId, Math.max(until, this.#pausedUntil.get(conversationId) ?? 0));
  }

  /**
   * The shared slots, in the conversation's turn (so its later sends do not book slots ahead of its
   * earlier ones): the conversation's, waited for by every send as its own windows are, and the app's,
   * which a paced send (campaigns: the pacer took the channel's slot) counts without waiting for, as in
   * the process's own window.
   */
  async #acquireShared(conversationId: string, paced: boolean): Promise<void> {
    if (!this.#sharedApp) return;
    const now = this.#now();
    const [app, ...conversation] = await Promise.all([
      this.#sharedApp.reserve('app', now),
      ...this.#sharedConversation.map((limit) => limit.reserve(conversationId, now)),
    ]);
    const wait = Math.max(paced ? 0 : app!, ...conversation);
    if (wait > 0) await sleep(Math.ceil(wait));
  }

  async #acquire(conversationId: string, paced: boolean): Promise<void> {
    for (;;) {
      const now = this.#now();
      const log = this.#logs.get(conversationId) ?? [];
      prune(log, this.#limits.conversation, now);
      prune(this.#app, this.#limits.app, now);
      const paused = (this.#pausedUntil.get(conversationId) ?? 0) - now;
      const wait = Math.max(
        paused,
        waitForRoom(log, this.#limits.conversation, now),
        paced ? 0 : waitForRoom(this.#app, this.#limits.app, now, this.#appInFlight),
      );
      if (wait <= 0) {
        this.#appInFlight++;
        this.#logs.set(conversationId, log);
        this.#pausedUntil.delete(conversationId);
        return;
      }
      if (log.length === 0) this.#logs.delete(conversationId);
      await sleep(Math.ceil(wait));
    }
  }

  /** A send ended (accepted, refused or failed: it counts either way) at this time. */
  #finished(conversationId: string): void {
    const at = this.#now();
    this.#appInFlight--;
    insertSorted(this.#app, at);
    const log = this.#logs.get(conversationId) ?? [];
    log.push(at);
    this.#logs.set(conversationId, log);
  }

  /** Forgets conversations idle for longer than their longest window. */
  #sweep(): void {
    const now = this.#now();
    for (const [id, log] of this.#logs) {
      prune(log, this.#limits.conversation, now);
      if (log.length === 0) this.#logs.delete(id);
    }
    for (const [id, until] of this.#pausedUntil) if (until <= now) this.#pausedUntil.delete(id);
  }

  /** Conversations with recent sends (idle ones are forgotten every 1,000 sends, and here). */
  get tracked(): number {
    this.#sweep();
    return this.#logs.size;
  }
}
