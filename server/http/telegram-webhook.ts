/** POST /webhooks/telegram as an express router on its own (the route lives in bots/telegram/webhook.ts). */
import type { Router } from 'express';
import { registerTelegramWebhook, type TelegramWebhookOptions } from '../../bots/telegram/webhook.js';
import { routerOf } from '../channels/route-port.js';

export function telegramWebhook(options: TelegramWebhookOptions): Router {
  return routerOf((port) => registerTelegramWebhook(port, options));
}
