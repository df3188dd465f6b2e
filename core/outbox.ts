/**
 * One outbox for every channel, shared by every process on one database. A reply is persisted (its
 * message, stored `queued`, and its outbox row, claimed by this process with a lease) in the caller's
 * transaction before any send; after the commit the caller dispatches it at once. A send that fails
 * transiently goes back to pending (the poller of any process retries it with backoff); a row whose
 * lease ran out (its process died, or lost the database) is claimed by another process and sent again
 * with the same idempotency key (the message id). A long send renews its lease. Delivery is therefore
 * at least once where the provider takes no idempotency key (all of this version's): a crash between
 * the provider's answer and the COMMIT of "sent" (recordSent, one commit) sends the message twice.
 */
import type { ChannelRegistry, SendResult } from './channels.js';
import { ChannelApiError, isKoraError } from './errors.js';
import type { EventBus } from './events.js';
import type { Clock } from './ids.js';
import type { Logger } from './logger.js';
import type { Conversation, ErrorInfo, Message, OutboxEntry } from './types.js';
import type { Repositories, Store } from './repositories.js';

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
  /** This process's name in the rows it claims (default: a random one). */
  holder?: string;
}

interface Loaded {
  message: Message;
  conversation: Conversation;
  /** The channel-wide limit was applied already (campaign pacer): the adapter does not wait again. */
  paced?: boolean;
}

export interface Outbox {
  /**
   * Writes the entry of `message` (which the caller has just stored `queued`) through `tx`, claimed by
   * this process: after the commit, `dispatch(entry)` sends it at once. Should the process die first,
   * another process's poller sends it once the lease has run out.
   */
  enqueue(tx: Repositories, message: Message, recipient: string | null): Promise<OutboxEntry>;
  /** The entry `enqueue` would write, for a caller that writes it itself (`messages.insertOutbound`). */
  entry(message: Message, recipient: string | null): OutboxEntry;
  /** `enqueue` for many messages (a campaign group's), written in a few statements. */
  enqueueMany(
    tx: Repositories,
    sends: readonly { message: Message; recipient: string | null }[],
  ): Promise<OutboxEntry[]>;
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
  const holder = options.holder ?? `outbox-${globalThis.crypto.randomUUID()}`;
  /** The entry of a message sent now by this process (it holds the lease). */
  function entryFor(message: Message, recipient: string | null, now: Date): OutboxEntry {
    const at = now.toISOString();
    return {
      // The idempotency key, whichever process sends it.
      id: message.id,
      messageId: message.id,
      conversationId: message.conversationId,
      channel: message.channel,
      recipient,
      status: 'sending',
      attempts: 1,
      nextAttemptAt: at,
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      claimedBy: holder,
      lastError: null,
      createdAt: at,
      updatedAt: at,
    };
  }

  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setInterval> | null = null;

  const nowIso = () => clock.now().toISOString();

  async function finish(entry: OutboxEntry, update: Parameters<Store['messages']['updateStatus']>[1]) {
    const message = await store.messages.updateStatus(entry.messageId, update);
    if (message) events.emit('message:status', { message });
  }

  async function fail(entry: OutboxEntry, error: ErrorInfo) {
    // The lease ran out and another process took the entry over: its outcome stands.
    if (!(await store.outbox.markFailed(entry.id, error, nowIso(), holder))) return;
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
    inFlight.set(entry.id, clock.now().getTime());
    renewal ??= startRenewal();
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
    } finally {
      inFlight.delete(entry.id);
    }
    await recordSent(entry, message, result.externalId);
  }

  /**
   * Sends in flight and when they started: one timer renews the leases of those that outlast a third
   * of the lease (a paced send may wait longer than the lease), so a quick send costs no write.
   */
  const inFlight = new Map<string, number>();
  let renewal: ReturnType<typeof setInterval> | null = null;

  function startRenewal(): ReturnType<typeof setInterval> {
    const timer = setInterval(() => {
      const now = clock.now().getTime();
      const until = new Date(now + leaseMs).toISOString();
      for (const [id, since] of inFlight) {
        if (now - since < leaseMs / 3) continue;
        store.outbox.renew(id, holder, until).catch((error: unknown) => {
          logger.warn({ err: error, outboxId: id }, 'outbox lease not renewed');
        });
      }
    }, leaseMs / 3);
    timer.unref?.();
    return timer;
  }

  let sentBatch: { entry: OutboxEntry; message: Message; externalId?: string }[] = [];
  let sentFlush: Promise<void> | null = null;

  /**
   * Writes "sent" back: the entry and its message in one statement, shared by every send that
   * finished while the previous write-back was being written (and in the same event-loop turn); one
   * write-back at a time per process, no timer. Under load a write-back covers a few dozen sends
   * instead of two (PostgreSQL ingest: 0.45 statements per message down to 0.05); the window in which
   * a crash means a second send is at most two commits long. Should it fail, the entry's lease runs
   * out and the message is sent once more (with the same idempotency key): never lost.
   */
  function recordSent(entry: OutboxEntry, message: Message, externalId: string | undefined): Promise<void> {
    sentBatch.push({ entry, message, externalId });
    sentFlush ??= sentWriting
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(flushSent);
    return sentFlush;
  }

  /** The write-back being written (settled when none is). */
  let sentWriting: Promise<void> = Promise.resolve();

  function flushSent(): Promise<void> {
    const done = sentBatch;
    sentBatch = [];
    sentFlush = null;
    sentWriting = writeSent(done);
    return sentWriting;
  }

  async function writeSent(done: typeof sentBatch): Promise<void> {
    try {
      // One write for the whole turn's sends, whatever their number (one statement on PostgreSQL).
      // Facts, decided by no read: no unit, nothing to isolate (on PostgreSQL a serializable unit
      // here failed and was run again about six times per message under 50 customers at once).
      const written = await store.outbox.markSent(
        done.map(({ entry, externalId }) => ({
          id: entry.id,
          messageId: entry.messageId,
          ...(externalId ? { externalId } : {}),
        })),
        nowIso(),
      );
      const wrote = new Set(written);
      // The messages as sent are in hand: their new state is computed, not read back.
      const messages = done
        .filter(({ entry }) => wrote.has(entry.messageId))
        .map(({ message, externalId }) => {
          const { error: _cleared, ...rest } = message;
          return { ...rest, status: 'sent' as const, ...(externalId ? { externalId } : {}) };
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

  /** Back to pending, if this process still holds the entry (else its new holder decides). */
  async function scheduleRetry(entry: OutboxEntry, nextAttemptAt: string, error: ErrorInfo): Promise<void> {
    await store.outbox.reschedule(entry.id, nextAttemptAt, error, nowIso(), holder);
  }

  async function drainLoop(): Promise<void> {
    do {
      again = false;
      for (;;) {
        const now = clock.now();
        const lease = new Date(now.getTime() + leaseMs).toISOString();
        const batch = await store.outbox.claimDue(now.toISOString(), lease, batchSize, holder);
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
      const entry = entryFor(message, recipient, clock.now());
      await tx.outbox.enqueue(entry);
      return entry;
    },
    entry: (message, recipient) => entryFor(message, recipient, clock.now()),
    async enqueueMany(tx, sends) {
      const now = clock.now();
      const entries = sends.map(({ message, recipient }) => entryFor(message, recipient, now));
      await tx.outbox.enqueueMany(entries);
      return entries;
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
      if (renewal) clearInterval(renewal);
      renewal = null;
    },
  };
}
