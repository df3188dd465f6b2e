/**
 * Microsoft Teams end to end: the app booted on the embedded store with the real Agents SDK, against
 * the fake Bot Framework on 127.0.0.1 (OpenID metadata + JWKS whose RSA key signs the test tokens, the
 * token endpoint, the Bot Connector). Activities are signed and posted as the Bot Connector does.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBotFramework, postActivity, teamsMessage } from '../fakes/bot-framework.js';
import type { TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { refuseWrites } from '../helpers/store-fault.js';
import { newGroupChatId, newPersonalChatId, startTeamsApp, type TeamsKit } from '../helpers/teams-app.js';
import { waitFor } from '../helpers/wait.js';

let kit: TeamsKit;
let bf: FakeBotFramework;
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  kit = await startTeamsApp();
  ({ bf, app, cookie } = kit);
});

afterAll(async () => {
  await kit?.stop();
});

const newConversationId = newPersonalChatId;
const send = (activity: ReturnType<typeof teamsMessage>, token?: string) => kit.send(activity, token);
const conversationOf = (chatId: string) => kit.conversationOf(chatId);
const settled = (chatId: string) => kit.settled(chatId);
const postedTo = (chatId: string) => kit.postedTo(chatId);

async function createLink(mode: 'standard' | 'strict') {
  const created = await adminFetch(app.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({
      name: `Teams ${mode}`,
      mode,
      ...(mode === 'strict' ? { customPrompt: 'Tu présentes l’atelier, sans prix.' } : {}),
    }),
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; code: string; urls: { teams?: string } };
}

describe('Teams personal chats', () => {
  it.each(['strict', 'standard'] as const)(
    'the deep link carries the code; its first message opens a %s conversation answered via the connector',
    async (mode) => {
      const link = await createLink(mode);
      expect(link.urls.teams).toBe(
        `https://teams.microsoft.com/l/chat/0/0?users=28:${bf.appId}&message=${link.code}`,
      );
      const chatId = newConversationId();
      const response = await send(teamsMessage(bf, { conversationId: chatId, text: link.code }));
      expect(response.status).toBe(200);
      const conversation = await conversationOf(chatId);
      expect(conversation).toMatchObject({ kind: 'assistant', mode, linkId: link.id, channel: 'teams' });
      const replies = postedTo(chatId);
      expect(replies.length).toBe(1);
      expect(replies[0]!.activity).toMatchObject({ type: 'message', conversation: { id: chatId } });
      const stored = await app.kora.store.messages.list(conversation!.id, { limit: 10 });
      const answer = stored.find((m) => m.sender.type === 'assistant');
      expect(answer?.status).toBe('sent');
      expect(replies[0]!.activity.text).toBe(answer?.text);
    },
  );
});

describe('Teams group chats and channels', () => {
  it.each(['groupChat', 'channel'] as const)(
    'in a %s the bot stores every message but answers only when mentioned',
    async (kind) => {
      const chatId = newGroupChatId();
      const plain = await send(
        teamsMessage(bf, { conversationId: chatId, kind, text: 'Qui vient samedi ?' }),
      );
      expect(plain.status).toBe(200);
      const group = await conversationOf(chatId);
      expect(group).toMatchObject({ kind: 'group', channel: 'teams' });
      expect(postedTo(chatId)).toHaveLength(0);

      const mentioned = await send(
        teamsMessage(bf, { conversationId: chatId, kind, mention: true, text: 'quels sont vos horaires ?' }),
      );
      expect(mentioned.status).toBe(200);
      const messages = await app.kora.store.messages.list(group!.id, { limit: 10 });
      expect(messages.filter((m) => m.sender.type === 'contact').map((m) => m.text)).toEqual(
        expect.arrayContaining(['Qui vient samedi ?', 'quels sont vos horaires ?']),
      );
      const answers = messages.filter((m) => m.sender.type === 'assistant');
      expect(answers).toHaveLength(1);
      expect(postedTo(chatId).map((p) => p.activity.text)).toEqual([answers[0]!.text]);
    },
  );
});

describe('Teams proactive sends', () => {
  it("sends the coach's reply into the conversation proactively, without a reply-to id", async () => {
    const chatId = newConversationId();
    await send(teamsMessage(bf, { conversationId: chatId, text: 'Bonjour' }));
    const conversation = await conversationOf(chatId);
    const before = postedTo(chatId).length;
    const posted = await adminFetch(
      app.url,
      cookie,
      `/api/admin/conversations/${conversation!.id}/messages`,
      {
        method: 'POST',
        body: JSON.stringify({ text: 'Ici la coach : à samedi !' }),
      },
    );
    expect(posted.status).toBe(201);
    await waitFor(() => postedTo(chatId).length > before);
    const last = postedTo(chatId).at(-1)!;
    expect(last.activity.text).toBe('Ici la coach : à samedi !');
    expect(last.replyToId).toBeUndefined();
    expect(last.activity.replyToId).toBeUndefined();
  });

  it('delivers a campaign to a Teams contact through the stored reference', async () => {
    const chatId = newConversationId();
    const user = { id: '29:campaign-user', name: 'Grace Hopper', aadObjectId: randomUUID() };
    await send(teamsMessage(bf, { conversationId: chatId, text: 'Salut', user }));
    const contact = await app.kora.store.contacts.findByIdentity('teams', user.aadObjectId);
    expect(contact).not.toBeNull();
    const created = await adminFetch(app.url, cookie, '/api/admin/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Rentrée Teams',
        message: 'Bonjour {firstName}, les cours reprennent lundi !',
        targets: [{ type: 'contact', id: contact!.id }],
        channels: ['teams'],
        schedule: null,
      }),
    });
    expect(created.status).toBe(201);
    const launched = await adminFetch(app.url, cookie, `/api/admin/campaigns/${created.body.id}/launch`, {
      method: 'POST',
    });
    expect(launched.status).toBe(200);
    await waitFor(() =>
      postedTo(chatId).some((p) => p.activity.text === 'Bonjour Grace, les cours reprennent lundi !'),
    );
  });
});

describe('Teams delivery', () => {
  it('answers a redelivered activity once, even when the copies arrive together', async () => {
    const chatId = newConversationId();
    const activity = teamsMessage(bf, { conversationId: chatId, text: 'Bonjour, des cours le soir ?' });
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => postActivity(app.url, activity, bf.sign())),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200));
    await app.kora.engine.idle();
    await settled(chatId);
    const conversation = await conversationOf(chatId);
    const messages = await app.kora.store.messages.list(conversation!.id, { limit: 20 });
    expect(messages.filter((m) => m.sender.type === 'contact')).toHaveLength(1);
    expect(postedTo(chatId)).toHaveLength(1);
  });

  it('answers 500 to an activity it could not store, then 200 to the redelivery, answered once', async () => {
    const chatId = newConversationId();
    await send(teamsMessage(bf, { conversationId: chatId, text: 'Bonjour' }));
    const conversation = await conversationOf(chatId);
    const fromCustomer = async () =>
      (await app.kora.store.messages.list(conversation!.id, { limit: 20 }))
        .filter((m) => m.sender.type === 'contact')
        .map((m) => m.text);
    const question = teamsMessage(bf, { conversationId: chatId, text: 'Un cours samedi ?' });
    const fault = await refuseWrites(app.dataDir, 'INSERT ON messages');
    try {
      expect((await postActivity(app.url, question, bf.sign())).status).toBe(500);
      expect(await fromCustomer()).toEqual(['Bonjour']);
    } finally {
      await fault.release();
    }
    expect(postedTo(chatId)).toHaveLength(1);
    expect((await send(question)).status).toBe(200);
    expect((await fromCustomer()).sort()).toEqual(['Bonjour', 'Un cours samedi ?']);
    expect(postedTo(chatId)).toHaveLength(2);
  });

  it('retries a 429 from the connector after its Retry-After, through the outbox', async () => {
    const chatId = newConversationId();
    bf.failNext({ status: 429, retryAfter: '1' });
    await send(teamsMessage(bf, { conversationId: chatId, text: 'Bonjour' }));
    const tries = bf.attempts.filter((a) => a.conversationId === chatId && a.activity.type === 'message');
    expect(tries).toHaveLength(2);
    expect(tries[1]!.receivedAt - tries[0]!.receivedAt).toBeGreaterThanOrEqual(950);
    const conversation = await conversationOf(chatId);
    const answer = (await app.kora.store.messages.list(conversation!.id, { limit: 10 })).find(
      (m) => m.sender.type === 'assistant',
    );
    expect(answer?.status).toBe('sent');
    expect(postedTo(chatId)).toHaveLength(1);
  });

  it("marks the message failed with the connector's status when Teams refuses it for good (403)", async () => {
    const chatId = newConversationId();
    bf.failNext({ status: 403 });
    await send(teamsMessage(bf, { conversationId: chatId, text: 'Bonjour' }));
    const conversation = await conversationOf(chatId);
    const answer = (await app.kora.store.messages.list(conversation!.id, { limit: 10 })).find(
      (m) => m.sender.type === 'assistant',
    );
    expect(answer).toMatchObject({ status: 'failed', error: { code: '403' } });
    expect(
      bf.attempts.filter((a) => a.conversationId === chatId && a.activity.type === 'message'),
    ).toHaveLength(1);
  });

  it('paces a burst to one conversation at 7 per second', async () => {
    const chatId = newConversationId();
    await send(teamsMessage(bf, { conversationId: chatId, text: 'Bonjour' }));
    const conversation = await conversationOf(chatId);
    const texts = Array.from({ length: 16 }, (_, i) => `Message ${i + 1}`);
    const results = await Promise.all(
      texts.map((text) =>
        adminFetch(app.url, cookie, `/api/admin/conversations/${conversation!.id}/messages`, {
          method: 'POST',
          body: JSON.stringify({ text }),
        }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    await waitFor(() => postedTo(chatId).length >= 17, 20_000);
    const times = postedTo(chatId)
      .map((p) => p.receivedAt)
      .sort((a, b) => a - b);
    // Any 8 sends in a row span at least a second (a little slack for the clocks of two processes' timers).
    for (let i = 7; i < times.length; i++) expect(times[i]! - times[i - 7]!).toBeGreaterThanOrEqual(950);
    for (const text of texts)
      expect(postedTo(chatId).filter((p) => p.activity.text === text)).toHaveLength(1);
  });
});
