import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import {
  adminFetch,
  customerOfYogaOffer,
  type JoinedCustomer,
  joinThroughLink,
  nextMessage,
  request,
} from '../helpers/chat-client.js';

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
      handoffsMore: false,
      handoffsWaiting: 0,
      handoffsWaitingMore: false,
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
    // The customer asked for a person and nobody answered: the assistant's handoff line is no answer.
    expect((await stats()).today).toMatchObject({ handoffs: 1, handoffsWaiting: 1 });

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

  it('agrees with the inbox: waiting whatever assistant or campaign line followed the customer (issue 19 #7)', async () => {
    const link = await post('/api/admin/links', { name: 'Waiting', mode: 'standard' });
    const customers: JoinedCustomer[] = [];
    try {
      for (const name of ['Ana', 'Bea', 'Cy'])
        customers.push(await joinThroughLink(app.url, link.body.token, name));
      const [ana, bea, cy] = customers as [JoinedCustomer, JoinedCustomer, JoinedCustomer];
      const write = async (customer: JoinedCustomer, text: string) => {
        const sent = await request(customer.socket, 'send', {
          conversationId: customer.conversationId,
          text,
          clientMessageId: `${customer.member.name}-${text}`,
        });
        if (!sent.ok) throw new Error(sent.error.message);
        await app.kora.engine.idle();
      };
      const coachWrites = async (customer: JoinedCustomer, text: string) => {
        expect(
          (await post(`/api/admin/conversations/${customer.conversationId}/messages`, { text })).status,
        ).toBe(201);
      };
      // Ana asked for a person: the newest message is the assistant's handoff line.
      await write(ana, 'Je voudrais parler à quelqu’un');
      // Bea: taken over and answered, then she wrote again, then a campaign went out.
      await write(bea, 'Bonjour');
      await coachWrites(bea, 'Bonjour Bea, je prends le relais.');
      await write(bea, 'Avez-vous de la place jeudi ?');
      // Cy: taken over and answered, nothing asked since, then the campaign: nothing to answer.
      await write(cy, 'Bonjour');
      await coachWrites(cy, 'Bonjour Cy !');
      const campaign = await post('/api/admin/campaigns', {
        name: 'Jeudi',
        message: 'Cours spécial jeudi {firstName} !',
        targets: [bea, cy].map((c) => ({ type: 'contact', id: c.member.id })),
        channels: ['web'],
      });
      const received = [bea, cy].map((c) => nextMessage(c.socket, (m) => m.text.startsWith('Cours spécial')));
      const launch = `/api/admin/campaigns/${campaign.body.id}/launch`;
      expect((await adminFetch(app.url, cookie, launch, { method: 'POST' })).status).toBe(200);
      await Promise.all(received);
      await app.kora.engine.idle();

      const ids = (path: string) =>
        adminFetch(app.url, cookie, path).then((r) => r.body.items.map((c: { id: string }) => c.id));
      const mine = new Set(customers.map((c) => c.conversationId));
      const handedOff = (await ids('/api/admin/conversations?handoff=true&limit=100')).filter((id: string) =>
        mine.has(id),
      );
      expect(handedOff.sort()).toEqual([ana, bea, cy].map((c) => c.conversationId).sort());
      const waiting = await adminFetch(app.url, cookie, '/api/admin/conversations?waiting=true&limit=100');
      expect(
        waiting.body.items
          .map((c: { id: string }) => c.id)
          .filter((id: string) => mine.has(id))
          .sort(),
      ).toEqual([ana, bea].map((c) => c.conversationId).sort());
      // One rule: the dashboard counts what the "waiting" list shows.
      expect((await stats()).today.handoffsWaiting).toBe(waiting.body.total);
      // Answering clears it, whatever came before.
      await coachWrites(bea, 'Oui, il reste deux places.');
      await coachWrites(ana, 'Je suis là, Ana.');
      const after = await ids('/api/admin/conversations?waiting=true&limit=100');
      expect(after.filter((id: string) => mine.has(id))).toEqual([]);
    } finally {
      for (const customer of customers) customer.socket.close();
    }
  });

  it('answers only a signed-in user', async () => {
    const response = await fetch(`${app.url}/api/admin/stats`);
    expect(response.status).toBe(401);
  });
});
