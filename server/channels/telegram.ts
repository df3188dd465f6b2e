/**
 * The Telegram channel when TELEGRAM_BOT_TOKEN is set: the grammY client, the adapter in long-polling
 * or webhook mode, the update handlers (engine, greeting), and the webhook route in webhook mode.
 */
import type { Router } from 'express';
import { TelegramChannelAdapter } from '../../bots/telegram/adapter.js';
import { createTelegramHandler } from '../../bots/telegram/handlers.js';
import type { Engine } from '../../core/engine.js';
import type { Logger } from '../../core/logger.js';
import type { OutboundDeps } from '../../core/outbound.js';
import type { Config } from '../config.js';
import { telegramWebhook } from '../http/telegram-webhook.js';

export interface TelegramChannel {
  adapter: TelegramChannelAdapter;
  /** POST /webhooks/telegram, in webhook mode. */
  webhook: Router | null;
}

export interface TelegramChannelDeps extends OutboundDeps {
  engine: Engine;
  logger: Logger;
}

/** grammY (the client) is loaded only when Telegram is on. */
export async function createTelegramChannel(
  config: Config,
  deps: TelegramChannelDeps,
): Promise<TelegramChannel | null> {
  const telegram = config.telegram;
  if (!telegram) return null;
  const { TelegramClient } = await import('../../bots/telegram/client.js');
  const client = new TelegramClient({ token: telegram.token, apiRoot: telegram.apiRoot });
  const adapter = new TelegramChannelAdapter({
    client,
    mode: telegram.webhook ? 'webhook' : 'polling',
    ...(telegram.webhook ? { webhook: telegram.webhook } : {}),
    logger: deps.logger,
  });
  adapter.onUpdate(createTelegramHandler({ ...deps, typing: (chatId) => adapter.typing(chatId) }));
  const webhook = telegram.webhook
    ? telegramWebhook({ secret: telegram.webhook.secret, adapter, logger: deps.logger })
    : null;
  return { adapter, webhook };
}
