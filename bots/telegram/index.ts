/** The Telegram channel: what server/ wires together. */
export { TelegramChannelAdapter, type TelegramMode } from './adapter.js';
export { TelegramClient } from './client.js';
export { createTelegramHandler, type TelegramHandlerDeps } from './handlers.js';
export { redactToken } from './redact.js';
