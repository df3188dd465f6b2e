/** Provider delivery reports: a status only moves forward (a late "sent" never undoes "read"). */
import type { InboundStatus } from './inbound.js';
import type { Store } from './repositories.js';
import type { Message, MessageStatus } from './types.js';

const RANK: Record<MessageStatus, number> = {
  received: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

export async function applyStatus(store: Store, event: InboundStatus): Promise<Message | null> {
  const message = await store.messages.findByExternalId(event.channel, event.externalMessageId);
  if (!message) return null;
  if (RANK[event.status] <= RANK[message.status]) return message;
  return store.messages.updateStatus(message.id, { status: event.status, error: event.error ?? null });
}

/**
 * Reports that arrived before their message's "sent" (and provider id) was written back: a provider
 * may call back while the outbox is still recording the send. Each is held, in memory, for `ttlMs`
 * and taken when a message with that provider id is reported sent; the furthest status wins. Bounded:
 * past `max` held reports the oldest goes.
 */
export class EarlyReports {
  readonly #held = new Map<string, { event: InboundStatus; until: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 10_000,
  ) {}

  get size(): number {
    return this.#held.size;
  }

  hold(event: InboundStatus, now: number): void {
    const key = `${event.channel}\u0000${event.externalMessageId}`;
    const current = this.#held.get(key);
    if (current && current.until > now && RANK[current.event.status] >= RANK[event.status]) return;
    this.#held.delete(key);
    this.#held.set(key, { event, until: now + this.ttlMs });
    for (const [oldest, entry] of this.#held) {
      if (this.#held.size <= this.max && entry.until > now) break;
      this.#held.delete(oldest);
    }
  }

  /** The report held for this message, if any (and still fresh); it is held no more. */
  take(message: Message, now: number): InboundStatus | undefined {
    if (!message.externalId || this.#held.size === 0) return undefined;
    const key = `${message.channel}\u0000${message.externalId}`;
    const entry = this.#held.get(key);
    if (!entry) return undefined;
    this.#held.delete(key);
    return entry.until > now ? entry.event : undefined;
  }
}
