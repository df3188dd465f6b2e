/**
 * POST /webhooks/telegram on its own express app, with the real adapter and grammY against the fake
 * Bot API: secret checked before anything else, 503 until the bot knows itself, an empty 200 only
 * once the update is handled (stored), a non-2xx when it was not (so Telegram sends it again), and an
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
/** What the update handler does before it records an update (a test may make it fail or wait). */
let before: (update: NormalizedUpdate) => Promise<void> = async () => {};
/** The route's bound on handling one update. */
const TIMEOUT_MS = 400;

beforeAll(async () => {
  fake = await startFakeTelegram();
  adapter = new TelegramChannelAdapter({
    client: new TelegramClient({ token: fake.token, apiRoot: fake.url }),
    mode: 'webhook',
    webhook: { url: 'http://127.0.0.1:9/webhooks/telegram', secret: SECRET },
    logger: silentLogger,
  });
  adapter.onUpdate(async (update) => {
    await before(update);
    handled.push(update);
  });
  const app = express();
  app.use(telegramWebhook({ secret: SECRET, adapter, logger: silentLogger, timeoutMs: TIMEOUT_MS }));
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

  it('answers 200 only once the update is handled, not before', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    before = () => gate;
    let answered = false;
    const response = post(update(20), SECRET).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(answered).toBe(false);
    expect(handled.some((h) => h.updateId === 20)).toBe(false);
    release();
    expect((await response).status).toBe(200);
    expect(handled.some((h) => h.updateId === 20)).toBe(true);
    before = async () => {};
  });

  it('answers 500 when handling fails, so Telegram sends it again; the redelivery is handled', async () => {
    before = async () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    const failed = await post(update(30), SECRET);
    expect(failed.status).toBe(500);
    expect((await failed.json()).error.code).toBe('not_stored');
    expect(handled.some((h) => h.updateId === 30)).toBe(false);
    before = async () => {};
    // Telegram's redelivery of the same update_id is not taken for a duplicate.
    expect((await post(update(30), SECRET)).status).toBe(200);
    expect(handled.filter((h) => h.updateId === 30)).toHaveLength(1);
  });

  it('answers 503 when handling outlasts the bound; the redelivery is answered 200 once handled, and handled once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    before = (u) => (u.updateId === 40 ? gate : Promise.resolve());
    const started = Date.now();
    const slow = await post(update(40), SECRET);
    expect(slow.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    // Telegram sends it again while the first is still being handled: it waits behind it.
    const redelivery = post(update(40), SECRET);
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    expect((await redelivery).status).toBe(200);
    expect(handled.filter((h) => h.updateId === 40)).toHaveLength(1);
    before = async () => {};
  });

  it('answers many updates posted at once 200 each, every one handled once by then', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => 100 + i);
    // Each twice, as Telegram may redeliver while the first is still on its way.
    const statuses = await Promise.all(
      [...ids, ...ids].map((id) => post(update(id), SECRET).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const seen = handled.map((h) => h.updateId).filter((id) => id >= 100);
    expect(seen.sort((a, b) => a - b)).toEqual(ids);
  });
});
