/**
 * What one client address may do on the web chat (README, "Web chat limits"). The member limit (10
 * messages in 10 s) stops one member; these stop one address that makes many members, sockets or
 * typing events. Every check takes its token before the work it guards (reserve, then act), so
 * requests arriving at once cannot all pass a check that only counts afterwards. Counters live in
 * this process's memory, bounded: a flood of addresses evicts the least recently seen ones.
 */
import { RateLimitedError } from '../../core/errors.js';
import { BoundedRateLimiter, type RateSpec } from '../../core/rate-limiter.js';

export interface WebLimits {
  /** Sockets open at once from one address. */
  connections: number;
  /** `join` requests (each may create a member and a conversation in the coach's inbox). */
  joins: RateSpec;
  /** Messages from all the members of one address together (each may start an assistant turn). */
  messages: RateSpec;
  /** Typing events from one address. */
  typing: RateSpec;
  /** One typing per member and conversation is fanned out per this many ms; the rest are dropped. */
  typingEveryMs: number;
  /** Keys (addresses, member-conversation pairs) each counter remembers at most. */
  tracked: number;
}

/**
 * Defaults a café's or a workshop's shared address does not reach (a room of 40 joining a group on
 * the venue's Wi-Fi, a dozen people chatting), far below what a script does.
 */
export const DEFAULT_WEB_LIMITS: WebLimits = {
  connections: 100,
  joins: { rate: 120, perMs: 3_600_000, burst: 50 },
  messages: { rate: 60, perMs: 60_000, burst: 30 },
  typing: { rate: 180, perMs: 60_000, burst: 60 },
  typingEveryMs: 1_500,
  tracked: 10_000,
};

const retryAfter = (spec: RateSpec) => Math.max(1, Math.ceil(spec.perMs / spec.rate / 1000));

export class AddressLimits {
  readonly #limits: WebLimits;
  readonly #now: () => number;
  /** Open sockets per address; an address leaves the map with its last socket. */
  readonly #open = new Map<string, number>();
  readonly #joins: BoundedRateLimiter;
  readonly #messages: BoundedRateLimiter;
  readonly #typing: BoundedRateLimiter;
  readonly #typingFanout: BoundedRateLimiter;

  constructor(limits: Partial<WebLimits> = {}, now: () => number = Date.now) {
    this.#limits = { ...DEFAULT_WEB_LIMITS, ...limits };
    this.#now = now;
    const { tracked } = this.#limits;
    this.#joins = new BoundedRateLimiter(this.#limits.joins, tracked);
    this.#messages = new BoundedRateLimiter(this.#limits.messages, tracked);
    this.#typing = new BoundedRateLimiter(this.#limits.typing, tracked);
    this.#typingFanout = new BoundedRateLimiter(
      { rate: 1, perMs: this.#limits.typingEveryMs, burst: 1 },
      tracked,
    );
  }

  /** Takes a connection place for `address`; false when it has all of them. Give it back with `release`. */
  connect(address: string): { release(): void } | null {
    const open = this.#open.get(address) ?? 0;
    if (open >= this.#limits.connections) return null;
    this.#open.set(address, open + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.#open.get(address) ?? 1) - 1;
        if (left > 0) this.#open.set(address, left);
        else this.#open.delete(address);
      },
    };
  }

  /**
   * Transport connections per address (server/engine-cap.ts): room for the `/chat` sockets and as
   * many again refused ones whose clients keep the transport open, or that never connect a namespace.
   */
  get transportCeiling(): number {
    return 2 * this.#limits.connections;
  }

  get connectionsMessage(): string {
    return `too many connections from your address (${this.#limits.connections} at once): close some tabs`;
  }

  join(address: string): void {
    if (!this.#joins.take(address, this.#now())) {
      throw new RateLimitedError(
        'too many joins from your address: try again later',
        retryAfter(this.#limits.joins),
      );
    }
  }

  message(address: string): void {
    if (!this.#messages.take(address, this.#now())) {
      throw new RateLimitedError(
        'too many messages from your address: wait a few seconds',
        retryAfter(this.#limits.messages),
      );
    }
  }

  /**
   * false when this member's typing in this conversation was fanned out a moment ago (drop it: the
   * indicator is still showing); only typing that would be fanned out counts against the address.
   */
  typing(address: string, memberId: string, conversationId: string): boolean {
    if (!this.#typingFanout.take(`${memberId} ${conversationId}`, this.#now())) return false;
    if (!this.#typing.take(address, this.#now())) {
      throw new RateLimitedError(
        'too many typing events from your address: slow down',
        retryAfter(this.#limits.typing),
      );
    }
    return true;
  }
}
