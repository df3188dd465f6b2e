/**
 * POST /webhooks/telegram. Telegram sends the secret given to setWebhook in
 * X-Telegram-Bot-Api-Secret-Token: compared in constant time before the body is even read (401
 * without it, 403 when wrong; nothing stored either way). Telegram forgets an update once it gets a
 * 2xx, so a valid update is answered 200 only after it is handled, i.e. stored (the adapter handles
 * each update_id once, in arrival order), as grammY's webhookCallback does: 500 when it could not be
 * stored, 503 when handling outlasts `timeoutMs` or the bot is not started yet. Telegram delivers it
 * again after any of those; a redelivery of an update handled meanwhile is answered 200 and skipped.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RoutePort, WebhookReply } from '../../core/channels/plugin.js';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { TelegramChannelAdapter } from './adapter.js';
import type { Update } from './client.js';

export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Equal digests of equal length: the comparison takes the same time whatever the guess. */
export function secretMatches(expected: Buffer, given: string): boolean {
  return timingSafeEqual(expected, digest(given));
}

function checkUpdate(body: unknown): Update {
  const update = body as { update_id?: unknown } | null;
  if (!update || typeof update !== 'object' || Array.isArray(update)) {
    throw new ValidationError('the body must be a Telegram update object', 'body');
  }
  if (!Number.isSafeInteger(update.update_id) || (update.update_id as number) < 0) {
    throw new ValidationError('update_id must be a non-negative integer', 'update_id');
  }
  return update as Update;
}

export interface TelegramWebhookOptions {
  secret: string;
  adapter: TelegramChannelAdapter;
  logger: Logger;
  /** Longest wait for an update to be handled before answering 503 (grammY's default bound). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** 'handled' once `work` resolves, 'late' if `ms` pass first; rejects as `work` does. */
async function within(work: Promise<void>, ms: number): Promise<'handled' | 'late'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'handled' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The app's error body ({error: {code, message}}), with Retry-After when Telegram should wait. */
function refusal(status: number, code: string, message: string, retryAfter?: string): WebhookReply {
  return {
    status,
    body: { error: { code, message } },
    ...(retryAfter ? { headers: { 'Retry-After': retryAfter } } : {}),
  };
}

/** Mounts POST /webhooks/telegram on `port`. */
export function registerTelegramWebhook(port: RoutePort, options: TelegramWebhookOptions): void {
  const expected = digest(options.secret);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  port.post(
    TELEGRAM_WEBHOOK_PATH,
    async (req) => {
      const update = checkUpdate(req.body);
      if (!options.adapter.canReceive)
        return refusal(503, 'unavailable', 'the Telegram bot is not started yet', '5');
      let outcome: 'handled' | 'late';
      try {
        outcome = await within(options.adapter.receiveWebhook(update), timeoutMs);
      } catch {
        // The adapter logged why, with the update_id.
        return refusal(500, 'not_stored', 'the update could not be stored: send it again');
      }
      if (outcome === 'late') {
        return refusal(
          503,
          'timeout',
          `the update was not handled within ${timeoutMs} ms: send it again`,
          '5',
        );
      }
      // An empty 200: a JSON body would be read by Telegram as a method call.
      return { status: 200 };
    },
    {
      body: 'json',
      limitBytes: 1024 * 1024,
      // The secret before the body is even read.
      authorize(req) {
        const given = req.headers[SECRET_HEADER];
        if (typeof given !== 'string' || !given) {
          throw new UnauthorizedError(
            'the X-Telegram-Bot-Api-Secret-Token header is missing',
            'unauthorized',
          );
        }
        if (!secretMatches(expected, given)) {
          throw new ForbiddenError('the X-Telegram-Bot-Api-Secret-Token header is wrong', 'bad_signature');
        }
      },
    },
  );
}
