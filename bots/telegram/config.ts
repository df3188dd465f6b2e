/**
 * Telegram's configuration: on with TELEGRAM_BOT_TOKEN. A webhook secret means webhook mode, which
 * needs PUBLIC_URL set explicitly (Telegram posts to PUBLIC_URL/webhooks/telegram; its servers only
 * post to https, plain http serves a local Bot API server); no secret means long polling.
 */
import { z } from 'zod';
import type { ChannelConfigContext, ChannelVariable } from '../../core/channels/plugin.js';
import { httpUrl } from '../config-schemas.js';

/** The `telegram` section (bots/telegram/plugin.ts). */
export interface TelegramSection {
  token: string;
  /** Unset: Telegram's own (https://api.telegram.org). */
  apiRoot?: string;
  webhook?: { url: string; secret: string };
}

export const TELEGRAM_VARIABLES: readonly ChannelVariable[] = [
  {
    name: 'TELEGRAM_BOT_TOKEN',
    required: true,
    secret: true,
    parse: z
      .string()
      .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,}$/, 'must look like 123456789:AAH… (the token BotFather gave you)')
      .optional(),
    fix: 'set TELEGRAM_BOT_TOKEN to the token BotFather gave you, or unset it to turn Telegram off',
  },
  {
    name: 'TELEGRAM_WEBHOOK_SECRET',
    required: false,
    secret: true,
    parse: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters among A-Z, a-z, 0-9, _ and -')
      .optional(),
    fix: 'set TELEGRAM_WEBHOOK_SECRET to 16-256 random letters or digits (e.g. `openssl rand -hex 32`), or unset it for long polling',
  },
  {
    name: 'TELEGRAM_API_ROOT',
    required: false,
    parse: httpUrl.optional(),
    fix: 'set TELEGRAM_API_ROOT to the Bot API base URL such as https://api.telegram.org',
  },
];

export function loadTelegram(
  values: Readonly<Record<string, unknown>>,
  { publicUrl, fail }: ChannelConfigContext,
): TelegramSection | null {
  const token = values.TELEGRAM_BOT_TOKEN as string | undefined;
  const secret = values.TELEGRAM_WEBHOOK_SECRET as string | undefined;
  const apiRoot = values.TELEGRAM_API_ROOT as string | undefined;
  if (!token) {
    const orphan = ['TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_API_ROOT'].find((name) => values[name]);
    if (orphan) fail(`${orphan} needs TELEGRAM_BOT_TOKEN: set it, or unset ${orphan}.`);
    return null;
  }
  if (secret && !publicUrl) {
    fail(
      'TELEGRAM_WEBHOOK_SECRET needs PUBLIC_URL (the https address Telegram posts updates to): set PUBLIC_URL, or unset TELEGRAM_WEBHOOK_SECRET for long polling.',
    );
  }
  return {
    token,
    ...(apiRoot ? { apiRoot } : {}),
    ...(secret && publicUrl ? { webhook: { url: `${publicUrl}/webhooks/telegram`, secret } } : {}),
  };
}
