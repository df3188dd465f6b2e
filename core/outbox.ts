/**
 * One outbox for every channel. A reply is persisted (its message, stored `queued` in the caller's
 * transaction) before any send; after the commit the caller dispatches it at once. That first attempt
 * writes no outbox row: the queued message is its durable record, and only the message's status is
 * written back. An outbox row is written when the first attempt fails transiently (the poller retries
 * it with backoff), or for a message a crashed process left `queued`: once the lease time has passed
 * since it was stored, the poller gives it a row and sends it again, at most once more, with the same
 * idempotency key (the message id). Claimed rows carry a lease in the same way. Delivery is therefore
 * at least once where the provider takes no idempotency key (all of this version's): a crash between
 * the provider's answer and the COMMIT of "sent" (recordSent, one commit) sends the message twice.
 */
import type { ChannelRegistry, SendResult } from './channels.js';
import { ChannelApiError, ConflictError, isKoraError } from './errors.js';
import type { EventBus } from './events.js';
import type { Clock } from './ids.js';
import type { Logger } from './logger.js';
import type { Conversation, ErrorInfo, Message, OutboxEntry } from './types.js';
import type { Store } from './repositories.js';

export interface OutboxOptions {
  store: Store;
  registry: ChannelRegistry;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** Attempts before a transient failure becomes final. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  leaseMs?: number;
  /** How often due retries and expired leases are looked for. */
  pollMs?: number;
  batchSize?: number;
}

interface Loaded {
  message: Message;
  conversation: Conversation;
  /** The channel-wide limit was applied already (campaign pacer): the adapter does not wait again. */
  paced?: boolean;
}

export interface Outbox {
  /**
   * The first attempt's entry for `message`, which the caller has just stored `queued` in its
   * transaction (that row is the entry's durable record; nothing more is written): after the commit,
   * `dispatch(entry)` sends it at once. Should the process die first, the poller sends it once the
   * lease time has passed.
   */
  enqueue(message: Message, recipient: string | null): OutboxEntry;
  /**
   * Sends an entry this process enqueued (and so holds the lease of), after its transaction committed.
   * `known` spares re-reading the message and conversation the caller just wrote.
   */
  dispatch(entry: OutboxEntry, known?: Loaded): Promise<void>;
  /** Asks for a drain soon; calls made while a drain runs coalesce into one more pass. */
  kick(): void;
  /** Sends everything due now; resolves when done (tests and shutdown use it). */
  drain(): Promise<void>;
  start(): void;
  /** Stops polling and waits for the sends in flight. */
  stop(): Promise<void>;
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { store, registry, events, clock, logger } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const batchSize = options.batchSize ?? 100;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setInterval> | null = null;

  const nowIso = () => clock.now().toISOString();
  /** First attempts: entries with no outbox row (their queued message is their record). */
  const unsaved = new WeakSet<OutboxEntry>();

  async function finish(entry: OutboxEntry, update: Parameters<Store['messages']['updateStatus']>[1]) {
    const message = await store.messages.updateStatus(entry.messageId, update);
    if (message) events.emit('message:status', { message });
  }

  async function fail(entry: OutboxEntry, error: ErrorInfo) {
    if (!unsaved.has(entry)) await store.outbox.markFailed(entry.id, error, nowIso());
    // A first attempt that outlived its lease: the poller recovered the message, and its outcome stands.
    else if (await store.outbox.get(entry.id)) return;
    await finish(entry, { status: 'failed', error });
    logger.warn({ outboxId: entry.id, channel: entry.channel, error }, 'outbound message failed');
  }

  async function sendOne(entry: OutboxEntry, known?: Loaded): Promise<void> {
    const [message, conversation] = known
      ? [known.message, known.conversation]
      : await Promise.all([
          store.messages.get(entry.messageId),
          store.conversations.get(entry.conversationId),
        ]);
    if (!message || !conversation) {
      return fail(entry, { code: 'not_found', message: 'message or conversation no longer exists' });
    }
    if (!registry.has(entry.channel)) {
      return fail(entry, { code: 'channel_unavailable', message: `channel ${entry.channel} is not enabled` });
    }
    let result: SendResult;
    try {
      result = await registry.get(entry.channel).send({
        message,
        conversation,
        recipient: entry.recipient,
        idempotencyKey: entry.id,
        // Stored with the message: a retry or a restart sends the same template.
        ...(message.template ? { template: message.template } : {}),
        ...(known?.paced ? { paced: true } : {}),
      });
    } catch (error) {
      return handleSendError(entry, error);
    }
    await recordSent(entry, message, result.externalId);
  }

  let sentBatch: { entry: OutboxEntry; message: Message; externalId?: string }[] = [];
  let sentFlush: Promise<void> | null = null;

  /**
   * Writes "sent" back: the entry and its message in one transaction, shared by every send that
   * finished in the same event-loop turn (no timer: the window in which a crash means a second send
   * stays one commit long). Should it fail, the entry's lease runs out and the message is sent once
   * more (with the same idempotency key): never lost.
   */
  function recordSent(entry: OutboxEntry, message: Message, externalId: string | undefined): Promise<void> {
    sentBatch.push({ entry, message, externalId });
    sentFlush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flushSent);
    return sentFlush;
  }

  async function flushSent(): Promise<void> {
    const done = sentBatch;
    sentBatch = [];
    sentFlush = null;
    try {
      const messages = await store.transaction(async (tx) => {
        const now = nowIso();
        const updated: Message[] = [];
        for (const { entry, message, externalId } of done) {
          if (!unsaved.has(entry)) await tx.outbox.markSent(entry.id, now);
          const update = { status: 'sent' as const, error: null, externalId };
          // The message as sent is in hand: the new state is computed, not read back.
          if (await tx.messages.setStatus(entry.messageId, update)) {
            const { error: _cleared, ...rest } = message;
            updated.push({ ...rest, status: 'sent', ...(externalId ? { externalId } : {}) });
          }
        }
        return updated;
      });
      for (const message of messages) events.emit('message:status', { message });
    } catch (error) {
      logger.error(
        { err: error, count: done.length },
        'recording sent messages failed: they will be sent again',
      );
    }
  }

  async function handleSendError(entry: OutboxEntry, error: unknown): Promise<void> {
    const info: ErrorInfo = {
      code: error instanceof ChannelApiError ? (error.options.providerCode ?? error.code) : 'send_failed',
      message: error instanceof Error ? error.message : String(error),
    };
    const transient = error instanceof ChannelApiError ? error.options.transient : !isKoraError(error);
    if (!transient || entry.attempts >= maxAttempts) return fail(entry, info);
    const retryAfter = error instanceof ChannelApiError ? error.options.retryAfterMs : undefined;
    // Campaign pacing holds the whole channel back until then, not just this entry.
    if (retryAfter !== undefined)
      events.emit('channel:throttled', {
        channel: entry.channel,
        untilMs: clock.now().getTime() + retryAfter,
      });
    const delay = retryAfter ?? Math.min(maxDelayMs, baseDelayMs * 2 ** (entry.attempts - 1));
    const next = new Date(clock.now().getTime() + delay).toISOString();
    await scheduleRetry(entry, next, info);
    logger.info({ outboxId: entry.id, channel: entry.channel, attempt: entry.attempts, delay }, 'send retry');
  }

  /** A first attempt gets its outbox row here; a claimed entry already has one. */
  async function scheduleRetry(entry: OutboxEntry, nextAttemptAt: string, error: ErrorInfo): Promise<void> {
    const now = nowIso();
    if (unsaved.has(entry)) {
      unsaved.delete(entry);
      try {
        await store.outbox.enqueue({
          ...entry,
          status: 'pending',
          nextAttemptAt,
          leaseUntil: null,
          lastError: error,
          updatedAt: now,
        });
      } catch (err) {
        // The attempt outlived its lease and the poller recovered the message meanwhile: that row is
        // the entry now, and the poller sends it (or already did).
        if (!(err instanceof ConflictError)) throw err;
      }
      return;
    }
    await store.outbox.reschedule(entry.id, nextAttemptAt, error, now);
  }

  async function drainLoop(): Promise<void> {
    do {
      again = false;
      const now = clock.now();
      await store.outbox.recoverQueued(new Date(now.getTime() - leaseMs).toISOString(), now.toISOString());
      for (;;) {
        const now = clock.now();
        const lease = new Date(now.getTime() + leaseMs).toISOString();
        const batch = await store.outbox.claimDue(now.toISOString(), lease, batchSize);
        if (batch.length === 0) break;
        await Promise.all(batch.map((entry) => sendOne(entry)));
        if (batch.length < batchSize) break;
      }
    } while (again);
  }

  function drain(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = drainLoop()
      .catch((error: unknown) => logger.error({ err: error }, 'outbox drain failed'))
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    enqueue(message, recipient) {
      const now = clock.now();
      const at = now.toISOString();
      const entry: OutboxEntry = {
        // The idempotency key: a recovered copy of this entry carries the same one.
        id: message.id,
        messageId: message.id,
        conversationId: message.conversationId,
        channel: message.channel,
        recipient,
        status: 'sending',
        attempts: 1,
        nextAttemptAt: at,
        leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
        lastError: null,
        createdAt: at,
        updatedAt: at,
      };
      unsaved.add(entry);
      return entry;
    },
    dispatch: (entry, known) =>
      sendOne(entry, known).catch((error: unknown) =>
        logger.error({ err: error, outboxId: entry.id }, 'dispatch failed'),
      ),
    kick() {
      void drain();
    },
    drain,
    start() {
      if (timer) return;
      timer = setInterval(() => void drain(), pollMs);
      timer.unref?.();
      void drain();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      while (running || sentFlush) await (running ?? sentFlush);
    },
  };
}
