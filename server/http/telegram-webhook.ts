/**
 * POST /webhooks/telegram. Telegram sends the secret given to setWebhook in
 * X-Telegram-Bot-Api-Secret-Token: compared in constant time before the body is even read (401
 * without it, 403 when wrong; nothing stored either way). A valid update is answered 200 at once and
 * processed after (the adapter handles each update_id once, in arrival order); while the bot is not
 * started yet the answer is 503, so Telegram delivers it again later.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import type { TelegramChannelAdapter } from '../../bots/telegram/adapter.js';
import type { Update } from '../../bots/telegram/client.js';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { errorBody } from './errors.js';

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
}

export function telegramWebhook(options: TelegramWebhookOptions): Router {
  const expected = digest(options.secret);
  const router = Router();
  router.post(
    TELEGRAM_WEBHOOK_PATH,
    (req, _res, next) => {
      const given = req.headers[SECRET_HEADER];
      if (typeof given !== 'string' || !given) {
        throw new UnauthorizedError('the X-Telegram-Bot-Api-Secret-Token header is missing', 'unauthorized');
      }
      if (!secretMatches(expected, given)) {
        throw new ForbiddenError('the X-Telegram-Bot-Api-Secret-Token header is wrong', 'bad_signature');
      }
      next();
    },
    express.json({ limit: '1mb' }),
    (req, res) => {
      const update = checkUpdate(req.body);
      if (!options.adapter.canReceive) {
        res.status(503).setHeader('Retry-After', '5');
        res.json(errorBody('unavailable', 'the Telegram bot is not started yet'));
        return;
      }
      // An empty 200: a JSON body would be read by Telegram as a method call.
      res.status(200).end();
      void options.adapter.receiveWebhook(update);
    },
  );
  return router;
}
