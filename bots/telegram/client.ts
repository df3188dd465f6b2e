/**
 * The only file that imports grammY. It runs the bot (long polling, or updates handed in from the
 * webhook route, both through `Bot.handleUpdate`) and makes the Bot API calls Kora needs. Every
 * failure leaves here as a ChannelApiError with Telegram's `error_code` and `description`, transient
 * or not, with `retry_after` in milliseconds, and with the token redacted from any message.
 */
import { Bot, GrammyError, HttpError } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { ChannelApiError } from '../../core/errors.js';
import { redactToken } from './redact.js';

export type {
  CallbackQuery,
  Chat,
  ChatMemberUpdated,
  Message as TelegramMessage,
  MessageEntity,
  Update,
  User,
} from 'grammy/types';

export interface TelegramClientOptions {
  token: string;
  /** Bot API base URL (default https://api.telegram.org). */
  apiRoot?: string;
  /** Longest wait for one API call. */
  timeoutSeconds?: number;
}

export interface BotIdentity {
  id: number;
  username: string;
}

/**
 * The updates Kora reads: messages (private and group), the bot's own membership in chats, and
 * presses on the inline buttons it sent.
 */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'my_chat_member', 'callback_query'] as const;

/** A message's buttons as an inline keyboard, one per row (labels are whole class names and dates). */
function keyboard(buttons: readonly { id: string; label: string }[] | undefined) {
  if (!buttons?.length) return {};
  return {
    reply_markup: {
      inline_keyboard: buttons.map((b) => [{ text: b.label.slice(0, 64), callback_data: b.id }]),
    },
  };
}

type Buttons = readonly { id: string; label: string }[] | undefined;

/** Seconds a getUpdates call waits for updates before answering empty. */
const LONG_POLL_SECONDS = 25;

export class TelegramClient {
  readonly #bot: Bot;
  readonly #token: string;
  #handler: ((update: Update) => Promise<void>) | null = null;
  #polling: Promise<void> | null = null;

  constructor(options: TelegramClientOptions) {
    this.#token = options.token;
    this.#bot = new Bot(options.token, {
      client: {
        ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
        timeoutSeconds: options.timeoutSeconds ?? LONG_POLL_SECONDS + 30,
      },
    });
    // One middleware: hand the raw update over; everything else is decided outside grammY.
    this.#bot.use(async (ctx) => {
      await this.#handler?.(ctx.update);
    });
  }

  /** Where updates go, whether they come from long polling or from the webhook route. */
  onUpdate(handler: (update: Update) => Promise<void>): void {
    this.#handler = handler;
  }

  /** getMe: who the bot is (its username makes the t.me deep links). */
  async init(): Promise<BotIdentity> {
    const me: UserFromGetMe = await this.#call(() => this.#bot.api.getMe());
    this.#bot.botInfo = me;
    return { id: me.id, username: me.username };
  }

  /** An update received on the webhook, through the same path as polled ones. */
  async handleUpdate(update: Update): Promise<void> {
    try {
      await this.#bot.handleUpdate(update);
    } catch (error) {
      throw this.redactError((error as { error?: unknown }).error ?? error);
    }
  }

  /**
   * Starts long polling (deleting any webhook first). `onStopped` is called if polling ends on its
   * own: a wrong token (401) or another process polling with it (409).
   */
  startPolling(
    onStopped: (error: ChannelApiError) => void,
    onHandlerError: (error: Error, updateId: number) => void,
  ): void {
    if (this.#polling) return;
    this.#bot.catch((botError) =>
      onHandlerError(this.redactError(botError.error), botError.ctx.update.update_id),
    );
    this.#polling = this.#bot
      .start({
        allowed_updates: [...ALLOWED_UPDATES],
        timeout: LONG_POLL_SECONDS,
        drop_pending_updates: false,
      })
      .catch((error: unknown) => onStopped(this.toChannelError(error)))
      .finally(() => {
        this.#polling = null;
      });
  }

  /** Stops polling: the pending getUpdates is cancelled and the offset confirmed. */
  async stopPolling(): Promise<void> {
    const polling = this.#polling;
    if (!polling) return;
    try {
      await this.#bot.stop();
    } catch {
      // Confirming the offset failed (Telegram unreachable): those updates come again next start.
    }
    await polling;
  }

  async setWebhook(url: string, secretToken: string): Promise<void> {
    await this.#call(() =>
      this.#bot.api.setWebhook(url, {
        secret_token: secretToken,
        allowed_updates: [...ALLOWED_UPDATES],
        drop_pending_updates: false,
      }),
    );
  }

  async sendMessage(chatId: string, text: string, buttons?: Buttons): Promise<number> {
    const sent = await this.#call(() =>
      this.#bot.api.sendMessage(chatId, text, {
        link_preview_options: { is_disabled: false },
        ...keyboard(buttons),
      }),
    );
    return sent.message_id;
  }

  async sendPhoto(chatId: string, url: string, caption?: string, buttons?: Buttons): Promise<number> {
    const sent = await this.#call(() =>
      this.#bot.api.sendPhoto(chatId, url, { ...(caption ? { caption } : {}), ...keyboard(buttons) }),
    );
    return sent.message_id;
  }

  async sendDocument(chatId: string, url: string, caption?: string, buttons?: Buttons): Promise<number> {
    const sent = await this.#call(() =>
      this.#bot.api.sendDocument(chatId, url, { ...(caption ? { caption } : {}), ...keyboard(buttons) }),
    );
    return sent.message_id;
  }

  /** Stops the button's spinner in the customer's app (the answer itself comes as a message). */
  async answerCallbackQuery(id: string): Promise<void> {
    await this.#call(() => this.#bot.api.answerCallbackQuery(id));
  }

  async sendChatAction(chatId: string, action: 'typing'): Promise<void> {
    await this.#call(() => this.#bot.api.sendChatAction(chatId, action));
  }

  /** Any error, with the token taken out of its message. */
  redactError(error: unknown): Error {
    if (error instanceof ChannelApiError) return error;
    const message = redactToken(error instanceof Error ? error.message : String(error), this.#token);
    return new Error(message);
  }

  /** Telegram's refusal (error_code, description, retry_after) or a network failure, as our error. */
  toChannelError(error: unknown): ChannelApiError {
    if (error instanceof ChannelApiError) return error;
    if (error instanceof GrammyError) {
      const retryAfter = error.parameters.retry_after;
      return new ChannelApiError(redactToken(error.description, this.#token), {
        providerCode: String(error.error_code),
        transient: error.error_code === 429 || error.error_code >= 500,
        ...(typeof retryAfter === 'number' ? { retryAfterMs: retryAfter * 1000 } : {}),
      });
    }
    if (error instanceof HttpError) {
      const cause = error.error instanceof Error ? `: ${error.error.message}` : '';
      return new ChannelApiError(redactToken(`${error.message}${cause}`, this.#token), {
        providerCode: 'network',
        transient: true,
      });
    }
    return new ChannelApiError(this.redactError(error).message, { providerCode: 'unknown', transient: true });
  }

  async #call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.toChannelError(error);
    }
  }
}
