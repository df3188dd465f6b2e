/**
 * Telegram end to end in webhook mode: the app registers PUBLIC_URL/webhooks/telegram with its secret
 * through the real grammY, and the fake Bot API posts updates to it as Telegram does. The assistant is
 * the OpenAI provider against the fake LLM, so an answer can be longer than Telegram's 4,096 characters.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLlm, startFakeLlm } from '../fakes/llm-server.js';
import { type FakeChat, type FakeTelegram, type FakeUser, startFakeTelegram } from '../fakes/telegram-api.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { refuseWrites } from '../helpers/store-fault.js';
import { waitFor } from '../helpers/wait.js';

const SECRET = 'wh-secret-0123456789abcdefABCDEF';
let fake: FakeTelegram;
let llm: FakeLlm;
let app: TestApp;
let cookie: string;
let linkToken: string;

const nora: FakeUser = { id: 5200000001, first_name: 'Nora', language_code: 'en' };
const noraChat: FakeChat = { id: nora.id, type: 'private', first_name: 'Nora' };
const paul: FakeUser = { id: 5200000002, first_name: 'Paul', language_code: 'en' };
const paulChat: FakeChat = { id: paul.id, type: 'private', first_name: 'Paul' };
const lina: FakeUser = { id: 5200000003, first_name: 'Lina', language_code: 'en' };
const linaChat: FakeChat = { id: lina.id, type: 'private', first_name: 'Lina' };

const LONG_ANSWER = Array.from(
  { length: 120 },
  (_, i) => `Paragraph ${i + 1}: our yoga course meets twice a week, in small groups, with mats provided.`,
).join('\n\n');

const sentTo = (chat: FakeChat) => fake.sent.filter((s) => s.chatId === String(chat.id));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const postRaw = (body: string, headers: Record<string, string>) =>
  fetch(`${app.url}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

beforeAll(async () => {
  fake = await startFakeTelegram({ username: 'kora_hook_bot' });
  llm = await startFakeLlm({ text: 'Our yoga course costs 120 CHF.' });
  llm.respondWith((request) => {
    const body = JSON.stringify(request.body);
    return { text: body.includes('everything') ? LONG_ANSWER : 'Our yoga course costs 120 CHF.' };
  });
  const port = await freePort();
  app = await startTestApp({
    env: {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      AI_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test-123',
      OPENAI_BASE_URL: `${llm.url}/v1`,
      OPENAI_MODEL: 'gpt-test',
    },
  });
  cookie = await app.login();
  const link = await adminFetch(app.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({ name: 'Telegram ad', mode: 'standard' }),
  });
  linkToken = link.body.token;
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await llm?.close();
});

describe('Telegram (webhook)', () => {
  it('registers PUBLIC_URL/webhooks/telegram with the secret and does not poll', async () => {
    expect(fake.webhook).toEqual({
      url: `${app.url.replace('localhost', '127.0.0.1')}/webhooks/telegram`,
      secretToken: SECRET,
    });
    expect(fake.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    const channels = await adminFetch(app.url, cookie, '/api/admin/channels');
    expect(channels.body.items).toContainEqual(
      expect.objectContaining({
        name: 'telegram',
        state: 'ready',
        mode: 'webhook',
        account: 'kora_hook_bot',
      }),
    );
  });

  it('refuses a missing or wrong secret (401/403) and stores nothing', async () => {
    const update = fake.message(noraChat, nora, 'Hello, I have a question');
    expect(await fake.deliver(update, { secretToken: null })).toBe(401);
    expect(await fake.deliver(update, { secretToken: 'wh-secret-0123456789abcdefABCDEX' })).toBe(403);
    expect(await fake.deliver(update, { secretToken: 'short' })).toBe(403);
    const refused = await postRaw(JSON.stringify(update), { 'x-telegram-bot-api-secret-token': 'nope' });
    expect(await refused.json()).toEqual({
      error: { code: 'bad_signature', message: 'the X-Telegram-Bot-Api-Secret-Token header is wrong' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await app.kora.store.contacts.findByIdentity('telegram', String(nora.id))).toBeNull();
    expect(sentTo(noraChat)).toHaveLength(0);
  });

  it('answers 400 to a body that is not an update, with the field', async () => {
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    const notJson = await postRaw('{"update_id": ', headers);
    expect(notJson.status).toBe(400);
    const noId = await postRaw(JSON.stringify({ message: {} }), headers);
    expect(noId.status).toBe(400);
    expect((await noId.json()).error.field).toBe('update_id');
  });

  it('/start then a question: answered once, even when Telegram delivers the same update again', async () => {
    const start = fake.message(noraChat, nora, `/start ${linkToken}`);
    expect(await fake.deliver(start)).toBe(200);
    const greeting = await fake.waitFor((s) => s.chatId === String(nora.id));
    expect(greeting.text).toBe('Hello! How can I help you?');

    const question = fake.message(noraChat, nora, 'How much is the yoga course?');
    expect(await fake.deliver(question)).toBe(200);
    expect(await fake.deliver(question)).toBe(200);
    expect(await fake.deliver(start)).toBe(200);
    // The same message under a new update_id (a redelivery after a restart) is stored once too.
    const again = { ...question, update_id: (question.update_id as number) + 1_000 };
    expect(await fake.deliver(again)).toBe(200);
    await fake.waitFor((s) => s.chatId === String(nora.id) && s.text === 'Our yoga course costs 120 CHF.');
    // A later update is processed after the redeliveries: once it is answered, they were handled.
    expect(await fake.deliver(fake.message(noraChat, nora, 'Thanks, and on Mondays?'))).toBe(200);
    await waitFor(() => sentTo(noraChat).length >= 3);
    await app.kora.engine.idle();
    await new Promise((resolve) => setTimeout(resolve, 1_200));

    expect(sentTo(noraChat).map((s) => s.text)).toEqual([
      'Hello! How can I help you?',
      'Our yoga course costs 120 CHF.',
      'Our yoga course costs 120 CHF.',
    ]);
    const conversations = await adminFetch(app.url, cookie, '/api/admin/conversations?kind=assistant');
    const mine = conversations.body.items.filter(
      (c: { externalChatId: string }) => c.externalChatId === String(nora.id),
    );
    expect(mine).toHaveLength(1);
    const messages = await app.kora.store.messages.list(mine[0].id, { limit: 20 });
    const fromNora = messages.filter((m) => m.sender.type === 'contact').map((m) => m.text);
    expect(fromNora.sort()).toEqual(['How much is the yoga course?', 'Thanks, and on Mondays?']);
  });

  it('splits an answer longer than 4,096 characters into several messages, in order', async () => {
    expect(await fake.deliver(fake.message(paulChat, paul, `/start ${linkToken}`))).toBe(200);
    await fake.waitFor((s) => s.chatId === String(paul.id));
    expect(await fake.deliver(fake.message(paulChat, paul, 'Tell me everything about the yoga course'))).toBe(
      200,
    );
    await waitFor(() => sentTo(paulChat).length >= 4, 15_000);
    const parts = sentTo(paulChat).slice(1);
    expect(parts.length).toBe(3);
    for (const part of parts) expect(part.text!.length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.text).join('\n\n')).toBe(LONG_ANSWER);
    const conversation = await app.kora.store.conversations.findLatestByExternalChat(
      'telegram',
      String(paul.id),
    );
    // "sent" is written back once Telegram has answered the last part: wait for it.
    const latest = async () => (await app.kora.store.messages.list(conversation!.id, { limit: 1 }))[0];
    await waitFor(async () => (await latest())?.status === 'sent', 5_000);
    const answer = await latest();
    expect(answer).toMatchObject({
      text: LONG_ANSWER,
      status: 'sent',
      externalId: String(parts[0]!.messageId),
    });
  });

  it('answers 500 to an update it could not store, then 200 to the redelivery only once it is stored', async () => {
    expect(await fake.deliver(fake.message(linaChat, lina, `/start ${linkToken}`))).toBe(200);
    await fake.waitFor((s) => s.chatId === String(lina.id));
    await app.kora.engine.idle();
    const conversation = await app.kora.store.conversations.findLatestByExternalChat(
      'telegram',
      String(lina.id),
    );
    const fromLina = async () =>
      (await app.kora.store.messages.list(conversation!.id, { limit: 20 }))
        .filter((m) => m.sender.type === 'contact')
        .map((m) => m.text);
    // The disk fills up: SQLite refuses every new message.
    const fault = await refuseWrites(app.dataDir, 'INSERT ON messages');
    const question = fake.message(linaChat, lina, 'Is there a class on Saturday?');
    try {
      expect(await fake.deliver(question)).toBe(500);
      expect(await fromLina()).toEqual([]);
    } finally {
      await fault.release();
    }
    // Telegram delivers the same update again: stored by the time it is answered 200, and answered once.
    expect(await fake.deliver(question)).toBe(200);
    expect(await fromLina()).toEqual(['Is there a class on Saturday?']);
    await fake.waitFor((s) => s.chatId === String(lina.id) && s.text === 'Our yoga course costs 120 CHF.');
    await app.kora.engine.idle();
    expect(sentTo(linaChat).map((s) => s.text)).toEqual([
      'Hello! How can I help you?',
      'Our yoga course costs 120 CHF.',
    ]);
  });
});
