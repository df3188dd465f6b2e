/**
 * Telegram end to end in long-polling mode: the real grammY against the fake Bot API, the whole app
 * on the embedded store with the offline assistant answering from the catalog.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeChat, type FakeTelegram, type FakeUser, startFakeTelegram } from '../fakes/telegram-api.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';

let fake: FakeTelegram;
let app: TestApp;
let cookie: string;
let standardLink: { id: string; token: string; urls: { telegram?: string } };
let strictLink: { id: string; token: string };

const aicha: FakeUser = { id: 5100000001, first_name: 'Aïcha', last_name: 'Benali', language_code: 'fr' };
const aichaChat: FakeChat = { id: aicha.id, type: 'private', first_name: 'Aïcha' };
const lena: FakeUser = { id: 5100000002, first_name: 'Lena', language_code: 'de' };
const lenaChat: FakeChat = { id: lena.id, type: 'private', first_name: 'Lena' };
const jonas: FakeUser = { id: 5100000003, first_name: 'Jonas' };
const jonasChat: FakeChat = { id: jonas.id, type: 'private', first_name: 'Jonas' };
const marc: FakeUser = { id: 5100000004, first_name: 'Marc', language_code: 'fr' };
const group: FakeChat = { id: -1002000000001, type: 'supergroup', title: 'Yoga Lausanne' };

const post = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });

const say = (chat: FakeChat, from: FakeUser, text: string, extra: Record<string, unknown> = {}) =>
  fake.push(fake.message(chat, from, text, extra));

const sentTo = (chat: FakeChat) => fake.sent.filter((s) => s.chatId === String(chat.id));

const conversationOfChat = (chat: FakeChat) =>
  waitFor(() => app.kora.store.conversations.findLatestByExternalChat('telegram', String(chat.id)));

beforeAll(async () => {
  fake = await startFakeTelegram();
  app = await startTestApp({ env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url } });
  cookie = await app.login();
  await post('/api/admin/offers', {
    name: 'Cours de yoga',
    kind: 'course',
    description: 'Dix séances en petit groupe.',
    price: 120,
    currency: 'CHF',
  });
  standardLink = (await post('/api/admin/links', { name: 'Telegram pub', mode: 'standard' })).body;
  strictLink = (
    await post('/api/admin/links', {
      name: 'Atelier',
      mode: 'strict',
      customPrompt: 'Tu présentes seulement l’atelier du samedi, sans jamais parler de prix.',
    })
  ).body;
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

describe('Telegram (long polling)', () => {
  it('starts polling, reports the bot in /readyz and /api/admin/channels, and gives links a t.me URL', async () => {
    expect(fake.webhook).toBeNull();
    await waitFor(() => fake.polling > 0);
    const ready = await fetch(`${app.url}/readyz`).then((r) => r.json());
    expect(ready.channels.telegram).toMatchObject({
      state: 'ready',
      account: 'kora_test_bot',
      mode: 'polling',
    });
    const channels = await adminFetch(app.url, cookie, '/api/admin/channels');
    expect(channels.status).toBe(200);
    expect(channels.body.items).toContainEqual(
      expect.objectContaining({
        name: 'telegram',
        state: 'ready',
        account: 'kora_test_bot',
        mode: 'polling',
      }),
    );
    expect(standardLink.urls.telegram).toBe(`https://t.me/kora_test_bot?start=${standardLink.token}`);
    const listed = await adminFetch(app.url, cookie, `/api/admin/links/${standardLink.id}`);
    expect(listed.body.urls.telegram).toBe(standardLink.urls.telegram);
    // The bot token is never shown.
    expect(JSON.stringify([ready, channels.body, listed.body])).not.toContain(fake.token.split(':')[1]);
  });

  it('/start <token> greets in the link’s mode, then a question gets the assistant’s answer from the catalog', async () => {
    say(aichaChat, aicha, `/start ${standardLink.token}`);
    const greeting = await fake.waitFor((s) => s.chatId === String(aicha.id));
    expect(greeting.text).toContain('Bonjour');
    expect(greeting.text).toContain('Cours de yoga');
    const conversation = await conversationOfChat(aichaChat);
    expect(conversation).toMatchObject({
      kind: 'assistant',
      channel: 'telegram',
      linkId: standardLink.id,
      mode: 'standard',
      externalChatId: String(aicha.id),
    });

    say(aichaChat, aicha, 'Combien coûte le cours de yoga ?');
    const answer = await fake.waitFor(
      (s) => s.chatId === String(aicha.id) && Boolean(s.text?.includes('120 CHF')),
    );
    expect(answer.text).toContain('Cours de yoga');
    const messages = await adminFetch(
      app.url,
      cookie,
      `/api/admin/conversations/${conversation.id}/messages`,
    );
    const stored = messages.body.items.map(
      (m: { sender: { type: string }; text: string; status: string }) => [m.sender.type, m.status],
    );
    expect(stored).toEqual(
      expect.arrayContaining([
        ['assistant', 'sent'],
        ['contact', 'received'],
      ]),
    );
    const contact = await app.kora.store.contacts.findByIdentity('telegram', String(aicha.id));
    expect(contact?.name).toBe('Aïcha Benali');
  });

  it('a STRICT link greets without the catalog and never sends a price', async () => {
    say(lenaChat, lena, `/start ${strictLink.token}`);
    const greeting = await fake.waitFor((s) => s.chatId === String(lena.id));
    expect(greeting.text).toBe('Hallo! Wie kann ich Ihnen helfen?');
    const conversation = await conversationOfChat(lenaChat);
    expect(conversation).toMatchObject({ mode: 'strict', linkId: strictLink.id });
    say(lenaChat, lena, 'Wie viel kostet der Yogakurs?');
    await waitFor(() => sentTo(lenaChat).length >= 2);
    for (const sent of sentTo(lenaChat)) {
      expect(sent.text).not.toMatch(/CHF|120/);
    }
  });

  it('/start alone opens the default link (the oldest: "Website" of the first start)', async () => {
    say(jonasChat, jonas, '/start');
    await fake.waitFor((s) => s.chatId === String(jonas.id));
    const conversation = await conversationOfChat(jonasChat);
    const links = await app.kora.store.links.list();
    expect(links[0]?.name).toBe('Website');
    expect(conversation.linkId).toBe(links[0]?.id);
    expect(conversation.mode).toBe('standard');
  });

  it('retries a 429 after retry_after and sends the answer once', async () => {
    const before = sentTo(aichaChat).length;
    const callsBefore = fake.calls.length;
    fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      retry_after: 1,
    });
    say(aichaChat, aicha, 'Et le prix du cours de yoga ?');
    await waitFor(() => sentTo(aichaChat).length > before);
    const answer = sentTo(aichaChat)[before]!;
    expect(answer.text).toContain('120 CHF');
    // Two attempts reached Telegram (the refused one and the retry); one message was delivered.
    const attempts = fake.calls
      .slice(callsBefore)
      .filter((c) => c.method === 'sendMessage' && c.body.chat_id === String(aicha.id));
    expect(attempts.map((c) => c.body.text)).toEqual([answer.text, answer.text]);
    // Later outbox passes send nothing more.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await app.kora.outbox.drain();
    expect(sentTo(aichaChat).slice(before)).toHaveLength(1);
    const conversation = await conversationOfChat(aichaChat);
    const [last] = await app.kora.store.messages.list(conversation.id, { limit: 1 });
    expect(last).toMatchObject({ sender: { type: 'assistant' }, status: 'sent' });
  });

  it('the coach’s reply reaches the chat; a refused send keeps Telegram’s code and description', async () => {
    const conversation = await conversationOfChat(aichaChat);
    const answered = await post(`/api/admin/conversations/${conversation.id}/messages`, {
      text: 'Bonjour Aïcha, c’est le coach !',
    });
    expect(answered.status).toBe(201);
    await fake.waitFor((s) => s.chatId === String(aicha.id) && s.text === 'Bonjour Aïcha, c’est le coach !');

    fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const refused = await post(`/api/admin/conversations/${conversation.id}/messages`, {
      text: 'Vous êtes là ?',
    });
    const failed = await waitFor(async () => {
      const message = await app.kora.store.messages.get(refused.body.id);
      return message?.status === 'failed' ? message : null;
    });
    expect(failed.error).toEqual({ code: '403', message: 'Forbidden: bot was blocked by the user' });
    const channels = await adminFetch(app.url, cookie, '/api/admin/channels');
    const telegram = channels.body.items.find((c: { name: string }) => c.name === 'telegram');
    expect(telegram.lastError).toMatchObject({
      code: '403',
      message: 'Forbidden: bot was blocked by the user',
    });
    expect(telegram.state).toBe('ready');
  });

  it('the bot added to a group opens a group conversation the coach sees', async () => {
    fake.push({
      my_chat_member: {
        chat: group,
        from: { ...marc, is_bot: false },
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { user: { id: fake.bot.id, is_bot: true, first_name: 'Kora' }, status: 'left' },
        new_chat_member: { user: { id: fake.bot.id, is_bot: true, first_name: 'Kora' }, status: 'member' },
      },
    });
    const groups = await waitFor(async () => {
      const list = await adminFetch(app.url, cookie, '/api/admin/conversations?kind=group');
      return list.body.items.find((c: { externalChatId: string }) => c.externalChatId === String(group.id));
    });
    expect(groups).toMatchObject({ kind: 'group', channel: 'telegram', title: 'Yoga Lausanne' });
  });

  it('in a group, the assistant stays silent without a mention and answers when mentioned or replied to', async () => {
    say(group, marc, 'Qui vient au cours de yoga demain ?');
    const conversation = await waitFor(() =>
      app.kora.store.conversations.findByExternalChat('telegram', String(group.id), 'group'),
    );
    await waitFor(
      async () => (await app.kora.store.messages.list(conversation.id, { limit: 5 })).length >= 1,
    );
    await app.kora.engine.idle();
    expect(sentTo(group)).toHaveLength(0);
    const marcContact = await app.kora.store.contacts.findByIdentity('telegram', String(marc.id));
    expect(await app.kora.store.conversations.isMember(conversation.id, marcContact!.id)).toBe(true);

    say(group, marc, '@kora_test_bot combien coûte le cours de yoga ?', {
      entities: [{ offset: 0, length: 14, type: 'mention' }],
    });
    const answer = await fake.waitFor((s) => s.chatId === String(group.id));
    expect(answer.text).toContain('120 CHF');
    expect(sentTo(group)).toHaveLength(1);

    say(group, marc, 'Et le cours de yoga, c’est combien par séance ?', {
      reply_to_message: {
        message_id: answer.messageId,
        from: { id: fake.bot.id, is_bot: true, first_name: 'Kora', username: 'kora_test_bot' },
        chat: group,
        date: Math.floor(Date.now() / 1000),
        text: answer.text,
      },
    });
    await waitFor(() => sentTo(group).length >= 2);
    const messages = await app.kora.store.messages.list(conversation.id, { limit: 20 });
    expect(messages.filter((m) => m.sender.type === 'assistant')).toHaveLength(2);
    expect(messages.filter((m) => m.sender.type === 'contact')).toHaveLength(3);
  });

  it('the coach can post in a Telegram group', async () => {
    const conversation = await app.kora.store.conversations.findByExternalChat(
      'telegram',
      String(group.id),
      'group',
    );
    const posted = await post(`/api/admin/conversations/${conversation!.id}/messages`, {
      text: 'Rappel : cours demain à 18 h.',
    });
    expect(posted.status).toBe(201);
    await fake.waitFor((s) => s.chatId === String(group.id) && s.text === 'Rappel : cours demain à 18 h.');
  });

  it('a campaign reaches a Telegram contact in their chat, and a Telegram group conversation once', async () => {
    const contact = await app.kora.store.contacts.findByIdentity('telegram', String(jonas.id));
    const groupConversation = await app.kora.store.conversations.findByExternalChat(
      'telegram',
      String(group.id),
      'group',
    );
    const created = await post('/api/admin/campaigns', {
      name: 'Telegram news',
      message: 'Bonjour {firstName}, nouveau cours samedi !',
      mediaUrl: 'https://example.com/affiche.jpg',
      targets: [
        { type: 'contact', id: contact!.id },
        { type: 'conversation', id: groupConversation!.id },
      ],
      channels: ['telegram'],
      schedule: null,
    });
    expect(created.status).toBe(201);
    const launched = await post(`/api/admin/campaigns/${created.body.id}/launch`, {});
    expect(launched.status).toBeLessThan(300);
    const toJonas = await fake.waitFor(
      (s) => s.chatId === String(jonas.id) && s.method === 'sendPhoto',
      15_000,
    );
    expect(toJonas).toMatchObject({
      file: 'https://example.com/affiche.jpg',
      caption: 'Bonjour Jonas, nouveau cours samedi !',
    });
    const toGroup = await fake.waitFor(
      (s) => s.chatId === String(group.id) && s.method === 'sendPhoto',
      15_000,
    );
    expect(toGroup.caption).toContain('nouveau cours samedi');
  });

  it('stops polling cleanly when the app stops', async () => {
    await app.stop();
    expect(fake.polling).toBe(0);
    const callsAfterStop = fake.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.calls.length).toBe(callsAfterStop);
  });
});
