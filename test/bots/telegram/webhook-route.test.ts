/**
 * POST /webhooks/telegram on its own express app, with the real adapter and grammY against the fake
 * Bot API: secret checked before anything else, 503 until the bot knows itself, an empty 200, and an
 * update_id handled once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramChannelAdapter } from '../../../bots/telegram/adapter.js';
import { TelegramClient } from '../../../bots/telegram/client.js';
import type { NormalizedUpdate } from '../../../bots/telegram/normalize.js';
import { silentLogger } from '../../../core/logger.js';
import { createErrorHandler } from '../../../server/http/errors.js';
import { telegramWebhook } from '../../../server/http/telegram-webhook.js';
import { type FakeTelegram, startFakeTelegram } from '../../fakes/telegram-api.js';

const SECRET = 'route-secret-0123456789';
let fake: FakeTelegram;
let adapter: TelegramChannelAdapter;
let server: http.Server;
let url: string;
const handled: NormalizedUpdate[] = [];

beforeAll(async () => {
  fake = await startFakeTelegram();
  adapter = new TelegramChannelAdapter({
    client: new TelegramClient({ token: fake.token, apiRoot: fake.url }),
    mode: 'webhook',
    webhook: { url: 'http://127.0.0.1:9/webhooks/telegram', secret: SECRET },
    logger: silentLogger,
  });
  adapter.onUpdate(async (update) => {
    handled.push(update);
  });
  const app = express();
  app.use(telegramWebhook({ secret: SECRET, adapter, logger: silentLogger }));
  app.use(createErrorHandler(silentLogger));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/telegram`;
});

afterAll(async () => {
  await adapter?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await fake?.close();
});

const update = (updateId: number) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    from: { id: 42, is_bot: false, first_name: 'Ada' },
    chat: { id: 42, type: 'private', first_name: 'Ada' },
    date: 1718031200,
    text: 'Hello',
  },
});

const post = (body: unknown, secret?: string) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
    },
    body: JSON.stringify(body),
  });

describe('POST /webhooks/telegram', () => {
  it('answers 503 with Retry-After until the bot has started', async () => {
    const early = await post(update(1), SECRET);
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('5');
    await adapter.start();
    expect(fake.webhook).toEqual({ url: 'http://127.0.0.1:9/webhooks/telegram', secretToken: SECRET });
  });

  it('refuses a missing (401) or wrong (403) secret, of any length, and handles nothing', async () => {
    expect((await post(update(2))).status).toBe(401);
    for (const wrong of ['x', `${SECRET}x`, SECRET.toUpperCase(), 'route-secret-0123456780']) {
      expect((await post(update(2), wrong)).status).toBe(403);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handled).toHaveLength(0);
  });

  it('answers an empty 200 and handles each update_id once', async () => {
    const first = await post(update(3), SECRET);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('');
    expect((await post(update(3), SECRET)).status).toBe(200);
    expect((await post(update(4), SECRET)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handled.map((h) => h.updateId)).toEqual([3, 4]);
    expect(handled[0]).toMatchObject({
      kind: 'message',
      event: { type: 'text', text: 'Hello', chatId: '42' },
    });
  });
});
