/**
 * One outbox for every channel. A reply is persisted (in the same transaction as its message) before
 * any send; `drain` claims due entries with a lease, sends them through the channel registry and
 * writes the status back onto the message. A crash while sending leaves the entry `sending` with a
 * lease that expires, so it is sent again at most once more (with the same idempotency key).
 */
import type { ChannelRegistry, SendResult } from './channels.js';
import { ChannelApiError, isKoraError } from './errors.js';
import type { EventBus } from './events.js';
import type { Clock, IdGenerator } from './ids.js';
import type { Logger } from './logger.js';
import type { Conversation, ErrorInfo, Message, OutboxEntry } from './types.js';
import type { Repositories, Store } from './repositories.js';

export interface OutboxOptions {
  store: Store;
  registry: ChannelRegistry;
  events: EventBus;
  ids: IdGenerator;
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
}

export interface Outbox {
  /**
   * Persists an entry for `message` inside the caller's transaction, already leased to this process:
   * after the commit, `dispatch(entry)` sends it at once. Should the process die first, the lease
   * expires and the poller sends it.
   */
  enqueue(tx: Repositories, message: Message, recipient: string | null): Promise<OutboxEntry>;
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
  const { store, registry, events, ids, clock, logger } = options;
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

  async function finish(entry: OutboxEntry, update: Parameters<Store['messages']['updateStatus']>[1]) {
    const message = await store.messages.updateStatus(entry.messageId, update);
    if (message) events.emit('message:status', { message });
  }

  async function fail(entry: OutboxEntry, error: ErrorInfo) {
    await store.outbox.markFailed(entry.id, error, nowIso());
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
   * finished in the same event-loop turn. Should it fail, the entry's lease runs out and the message
   * is sent once more (with the same idempotency key): never lost.
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
          await tx.outbox.markSent(entry.id, now);
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
    await store.outbox.reschedule(entry.id, next, info, nowIso());
    logger.info({ outboxId: entry.id, channel: entry.channel, attempt: entry.attempts, delay }, 'send retry');
  }

  async function drainLoop(): Promise<void> {
    do {
      again = false;
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
    async enqueue(tx, message, recipient) {
      const now = clock.now();
      const at = now.toISOString();
      const entry: OutboxEntry = {
        id: ids.next(),
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
      await tx.outbox.enqueue(entry);
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
