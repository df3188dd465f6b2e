/**
 * The Telegram channel. Inbound: updates from long polling or the webhook (the same path through
 * grammY's `handleUpdate`), each processed once (update_id), in arrival order, normalized and handed
 * to the update handler. Outbound: the outbox calls `send`, paced to Telegram's limits; a long text
 * goes as several messages, and a retry after a 429 in the middle resumes after the parts already sent.
 */
import type {
  ChannelAdapter,
  ChannelState,
  ChannelStatus,
  OutboundMessage,
  SendResult,
} from '../../core/channels.js';
import { ChannelApiError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { sleep } from '../../core/rate-limiter.js';
import type { TelegramClient, Update } from './client.js';
import { type BotSelf, type NormalizedUpdate, normalizeUpdate } from './normalize.js';
import { TelegramPacer, type TelegramPacing } from './pacing.js';
import { type Part, planParts } from './parts.js';

export type TelegramMode = 'polling' | 'webhook';
export type UpdateHandler = (update: NormalizedUpdate) => Promise<void>;

export interface TelegramAdapterOptions {
  client: TelegramClient;
  mode: TelegramMode;
  /** Webhook mode: where Telegram posts updates, and the secret it sends along. */
  webhook?: { url: string; secret: string };
  logger: Logger;
  pacer?: TelegramPacing;
  now?: () => number;
  /** First delay before connecting again after a failed start (doubles up to 5 minutes). */
  retryMs?: number;
}

/** update_ids already handled, the most recent ones (redeliveries come soon after). */
class RecentIds {
  readonly #ids = new Set<number>();
  constructor(readonly max: number) {}
  /** true the first time an id is seen. */
  add(id: number): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.max) this.#ids.delete(this.#ids.values().next().value as number);
    return true;
  }
  /** An update that could not be handled: its redelivery is handled, not skipped. */
  forget(id: number): void {
    this.#ids.delete(id);
  }
}

export class TelegramChannelAdapter implements ChannelAdapter {
  readonly name = 'telegram' as const;
  readonly capabilities = { typing: true, streaming: false, media: true, groups: true };
  readonly mode: TelegramMode;
  readonly #client: TelegramClient;
  readonly #options: TelegramAdapterOptions;
  readonly #pacer: TelegramPacing;
  readonly #now: () => number;
  readonly #seen = new RecentIds(10_000);
  /** Sends in flight by idempotency key: an entry claimed again while it waits joins the first send. */
  readonly #inflight = new Map<string, Promise<SendResult>>();
  /** Parts of a split message already sent, by idempotency key, while its retry is pending. */
  readonly #progress = new Map<string, { sent: number; firstId?: number }>();
  #handler: UpdateHandler | null = null;
  #bot: BotSelf | null = null;
  #state: ChannelState = 'starting';
  #lastError: ChannelStatus['lastError'];
  #queue: Promise<void> = Promise.resolve();
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #retryMs: number;
  #stopped = false;

  constructor(options: TelegramAdapterOptions) {
    if (options.mode === 'webhook' && !options.webhook)
      throw new Error('webhook mode needs a webhook URL and secret');
    this.#options = options;
    this.#client = options.client;
    this.mode = options.mode;
    this.#pacer = options.pacer ?? new TelegramPacer();
    this.#now = options.now ?? Date.now;
    this.#retryMs = options.retryMs ?? 2_000;
    this.#client.onUpdate((update) => this.#receive(update));
  }

  /** Where normalized updates go (set before `start`). */
  onUpdate(handler: UpdateHandler): void {
    this.#handler = handler;
  }

  /** The bot's username once getMe answered (t.me deep links), else null. */
  get botUsername(): string | null {
    return this.#bot?.username ?? null;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    await this.#client.stopPolling();
    await this.#queue;
    this.#state = 'disconnected';
  }

  status(): ChannelStatus {
    const status: ChannelStatus = { state: this.#state, mode: this.mode };
    if (this.#bot) status.account = this.#bot.username;
    if (this.#lastError) status.lastError = this.#lastError;
    return status;
  }

  /** True once the bot knows itself: a webhook update can be handled (else the route answers 503). */
  get canReceive(): boolean {
    return this.#bot !== null && !this.#stopped;
  }

  /**
   * An update from the webhook route (already checked), processed after the ones before it. Resolves
   * once it is handled (stored); rejects when it could not be, so that the route answers non-2xx and
   * Telegram delivers it again.
   */
  receiveWebhook(update: Update): Promise<void> {
    const next = this.#queue.then(() => this.#client.handleUpdate(update));
    this.#queue = next.catch((error: unknown) => this.#logFailure(error, update.update_id));
    return next;
  }

  async send(outbound: OutboundMessage): Promise<SendResult> {
    const pending = this.#inflight.get(outbound.idempotencyKey);
    if (pending) return pending;
    const sending = this.#sendParts(outbound).finally(() => this.#inflight.delete(outbound.idempotencyKey));
    this.#inflight.set(outbound.idempotencyKey, sending);
    return sending;
  }

  /** Best effort "typing…" in a chat (not a message: not paced); a failure only shows in the status. */
  async typing(chatId: string): Promise<void> {
    try {
      await this.#client.sendChatAction(chatId, 'typing');
    } catch (error) {
      this.#recordError(error);
    }
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    try {
      this.#bot = await this.#client.init();
      const { webhook } = this.#options;
      if (this.mode === 'webhook' && webhook) {
        await this.#client.setWebhook(webhook.url, webhook.secret);
      } else {
        this.#client.startPolling(
          (error) => this.#pollingStopped(error),
          (error, updateId) => this.#logFailure(error, updateId),
        );
      }
      this.#state = 'ready';
      this.#retryMs = this.#options.retryMs ?? 2_000;
    } catch (error) {
      const failure = this.#recordError(error);
      this.#state = 'error';
      this.#options.logger.error(
        { code: failure.code, error: failure.message, retryInMs: this.#retryMs },
        'Telegram: could not start the bot',
      );
      // A wrong token stays wrong: no point retrying it every few seconds.
      if (failure.code !== '401') this.#scheduleRetry();
    }
  }

  #scheduleRetry(): void {
    if (this.#stopped || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#connect();
    }, this.#retryMs);
    this.#retryTimer.unref?.();
    this.#retryMs = Math.min(this.#retryMs * 2, 5 * 60_000);
  }

  #pollingStopped(error: ChannelApiError): void {
    if (this.#stopped) return;
    this.#recordError(error);
    this.#state = 'error';
    this.#options.logger.error(
      { code: error.options.providerCode, error: error.message },
      'Telegram: long polling stopped',
    );
    if (error.options.providerCode !== '401') this.#scheduleRetry();
  }

  async #receive(update: Update): Promise<void> {
    if (!this.#bot || !this.#seen.add(update.update_id)) return;
    const normalized = normalizeUpdate(update, this.#bot);
    if (normalized.kind === 'ignored') {
      this.#options.logger.debug(
        { updateId: update.update_id, reason: normalized.reason },
        'Telegram update ignored',
      );
      return;
    }
    try {
      await this.#handler?.(normalized);
    } catch (error) {
      this.#seen.forget(update.update_id);
      throw error;
    }
    if (normalized.kind === 'message' && normalized.callbackId) {
      // Stored and routed: the spinner may stop. Failing to say so loses nothing.
      await this.#client.answerCallbackQuery(normalized.callbackId).catch((error: unknown) => {
        this.#options.logger.debug(
          { error: this.#client.redactError(error).message },
          'answerCallbackQuery failed',
        );
      });
    }
  }

  async #sendParts(outbound: OutboundMessage): Promise<SendResult> {
    const chatId = outbound.recipient;
    if (!chatId) {
      throw new ChannelApiError('the conversation has no Telegram chat', {
        providerCode: 'no_recipient',
        transient: false,
      });
    }
    const parts = planParts(outbound.message);
    const group = outbound.conversation.kind === 'group' || chatId.startsWith('-');
    const key = outbound.idempotencyKey;
    const progress = this.#progress.get(key) ?? { sent: 0 };
    for (let index = progress.sent; index < parts.length; index++) {
      await sleep(await this.#pacer.chatDelay(chatId, group, this.#now()));
      const overall = await this.#pacer.globalDelay(this.#now());
      // A paced send (campaigns) waited for its overall slot already: the first part is counted only.
      if (!(outbound.paced && index === 0)) await sleep(overall);
      let id: number;
      try {
        id = await this.#sendPart(chatId, parts[index]!);
      } catch (error) {
        this.#failedPart(error, key, chatId, progress);
        throw error;
      }
      progress.sent = index + 1;
      progress.firstId ??= id;
      this.#progress.set(key, progress);
    }
    this.#progress.delete(key);
    return progress.firstId === undefined ? {} : { externalId: String(progress.firstId) };
  }

  #sendPart(chatId: string, part: Part): Promise<number> {
    if (part.kind === 'text') return this.#client.sendMessage(chatId, part.text, part.buttons);
    if (part.kind === 'photo') return this.#client.sendPhoto(chatId, part.file, part.caption, part.buttons);
    return this.#client.sendDocument(chatId, part.file, part.caption, part.buttons);
  }

  #failedPart(error: unknown, key: string, chatId: string, progress: { sent: number }): void {
    const failure = this.#recordError(error);
    const retryAfterMs = error instanceof ChannelApiError ? error.options.retryAfterMs : undefined;
    if (retryAfterMs) {
      // The error is what the caller sees; a failed pause leaves the limit as it was.
      Promise.resolve(this.#pacer.pause(chatId, this.#now() + retryAfterMs)).catch(() => {});
    }
    const transient = error instanceof ChannelApiError && error.options.transient;
    // A retry resumes after the parts already sent; a final failure forgets them.
    if (transient && progress.sent > 0) this.#progress.set(key, progress);
    else this.#progress.delete(key);
    if (failure.code === '401') this.#state = 'error';
  }

  #recordError(error: unknown): { code?: string; message: string } {
    const failure =
      error instanceof ChannelApiError
        ? { code: error.options.providerCode, message: error.message }
        : { message: this.#client.redactError(error).message };
    this.#lastError = { ...failure, at: new Date(this.#now()).toISOString() };
    return failure;
  }

  #logFailure(error: unknown, updateId?: number): void {
    const message = this.#client.redactError(error).message;
    this.#options.logger.error({ updateId, error: message }, 'Telegram update could not be processed');
  }
}
