import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, customerOfYogaOffer, nextMessage, request } from '../helpers/chat-client.js';

// Far from UTC, so a dashboard that counted UTC days would show a different day for part of each day.
const TIME_ZONE = 'Pacific/Kiritimati';

let app: TestApp;
let cookie: string;
let socket: Socket;
let conversationId: string;

const post = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });
const stats = async () => (await adminFetch(app.url, cookie, '/api/admin/stats')).body;

async function say(text: string, id: string) {
  const sent = await request(socket, 'send', { conversationId, text, clientMessageId: id });
  if (!sent.ok) throw new Error(sent.error.message);
  await app.kora.engine.idle();
}

beforeAll(async () => {
  app = await startTestApp({ env: { TIMEZONE: TIME_ZONE } });
  cookie = await app.login();
  ({ socket, conversationId } = await customerOfYogaOffer(app.url, cookie, 'Aïcha'));
});

afterAll(async () => {
  socket?.close();
  await app?.stop();
});

describe("the dashboard's figures (GET /api/admin/stats)", () => {
  it("counts today's messages by sender and conversations, on the business's calendar day", async () => {
    const before = await stats();
    expect(before.timeZone).toBe(TIME_ZONE);
    expect(before.today).toMatchObject({ messages: 0, conversations: 0, newConversations: 1, handoffs: 0 });

    const answered = nextMessage(socket, (m) => m.sender.type === 'assistant');
    await say('Combien coûte le cours de yoga ?', 's1');
    await answered;
    const body = await stats();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
    expect(body.today).toEqual({
      day,
      messages: 2,
      fromContacts: 1,
      assistant: 1,
      coach: 0,
      conversations: 1,
      newConversations: 1,
      handoffs: 0,
      handoffsWaiting: 0,
    });
    // 14 calendar days, oldest first, today last; nothing happened before today.
    expect(body.activity).toHaveLength(14);
    expect(body.activity.at(-1)).toMatchObject({ day, messages: 2 });
    expect(body.activity[0].day < day).toBe(true);
    expect(body.activity.slice(0, -1).every((d: { messages: number }) => d.messages === 0)).toBe(true);
  });

  it('counts handoffs, and those waiting for the coach until the coach answers', async () => {
    const told = nextMessage(socket, (m) => m.sender.type === 'assistant');
    await say('Je veux parler au coach', 's2');
    await told;
    expect((await stats()).today).toMatchObject({ handoffs: 1, handoffsWaiting: 0 });

    await say('Vous êtes là ?', 's3');
    expect((await stats()).today).toMatchObject({ handoffs: 1, handoffsWaiting: 1, fromContacts: 3 });

    const answer = await post(`/api/admin/conversations/${conversationId}/messages`, {
      text: 'Oui, je suis là.',
    });
    expect(answer.status).toBe(201);
    await app.kora.engine.idle();
    expect((await stats()).today).toMatchObject({
      handoffs: 1,
      handoffsWaiting: 0,
      coach: 1,
      messages: 6,
    });
  });

  it('answers only a signed-in user', async () => {
    const response = await fetch(`${app.url}/api/admin/stats`);
    expect(response.status).toBe(401);
  });
});
