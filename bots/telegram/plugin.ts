/**
 * The Telegram plug-in, on when TELEGRAM_BOT_TOKEN is set: long polling, or the webhook with
 * TELEGRAM_WEBHOOK_SECRET. grammY (the client) is loaded only then.
 */
import type { ChannelPlugin } from '../../core/channels/plugin.js';
import { TelegramChannelAdapter } from './adapter.js';
import { loadTelegram, TELEGRAM_VARIABLES, type TelegramSection } from './config.js';
import { createTelegramHandler } from './handlers.js';
import { SharedTelegramPacer, TELEGRAM_LIMITS } from './pacing.js';
import { registerTelegramWebhook } from './webhook.js';

export const telegramPlugin: ChannelPlugin<TelegramSection> = {
  name: 'telegram',
  label: 'Telegram',
  config: {
    enabledBy: 'TELEGRAM_BOT_TOKEN',
    hint: 'set TELEGRAM_BOT_TOKEN to the token @BotFather gave your bot',
    variables: TELEGRAM_VARIABLES,
    load: loadTelegram,
  },
  identity: 'account',
  // /start <token> opens this link's conversation; the bot's username is known once getMe answered.
  entryLink: {
    carrier: 'token',
    url: (link, where) => (where.account ? `https://t.me/${where.account}?start=${link.token}` : null),
  },
  pacing: { channel: TELEGRAM_LIMITS.global, perChat: TELEGRAM_LIMITS.chat },
  capabilities: {
    typing: true,
    streaming: false,
    media: true,
    groups: true,
    templates: false,
    readReceipts: false,
    buttons: true,
    edits: false,
  },
  async create(section, deps) {
    const { TelegramClient } = await import('./client.js');
    const client = new TelegramClient({ token: section.token, apiRoot: section.apiRoot });
    const adapter = new TelegramChannelAdapter({
      client,
      mode: section.webhook ? 'webhook' : 'polling',
      ...(section.webhook ? { webhook: section.webhook } : {}),
      logger: deps.logger,
      ...(deps.rateLimits ? { pacer: new SharedTelegramPacer(deps.rateLimits) } : {}),
    });
    adapter.onUpdate(createTelegramHandler({ ...deps, typing: (chatId) => adapter.typing(chatId) }));
    const webhook = section.webhook;
    return {
      adapter,
      ...(webhook
        ? {
            routes: (port) =>
              registerTelegramWebhook(port, { secret: webhook.secret, adapter, logger: deps.logger }),
          }
        : {}),
    };
  },
};
