/**
 * Two whole apps (A and B) started with DATABASE_URL on ONE PostgreSQL database, as two replicas
 * behind a proxy: the real PostgreSQL store, socket.io's PostgreSQL adapter, Agenda's PostgreSQL backend.
 */
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import {
  adminFetch,
  connectChat,
  type JoinedCustomer,
  joinThroughLink,
  nextMessage,
  request,
} from '../helpers/chat-client.js';
import { withPostgresDatabase } from '../helpers/postgres.js';
import { waitFor } from '../helpers/wait.js';

const database = await withPostgresDatabase();
const SECRET_KEY = 'a-secret-key-shared-by-both-replicas-0123456789';
/** A reply window long enough for a burst sent at once to fall in one. */
const WINDOW_MS = 400;
let a: TestApp;
let b: TestApp;
let linkToken: string;
const sockets: Socket[] = [];

interface MessageEvent {
  conversationId: string;
  message: { text: string; sender: { type: string } };
}

beforeAll(async () => {
  if (!database) return;
  const env = { DATABASE_URL: database.url, SECRET_KEY };
  // Together on a fresh database: the schema is made once while the other waits.
  [a, b] = await Promise.all([
    startTestApp({ env, turnWindowMs: WINDOW_MS }),
    startTestApp({ env, turnWindowMs: WINDOW_MS }),
  ]);
  const cookie = await a.login();
  const post = (path: string, body: unknown) =>
    adminFetch(a.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });
  expect(
    (await post('/api/admin/offers', { name: 'Cours de yoga', kind: 'course', price: 120, currency: 'CHF' }))
      .status,
  ).toBe(201);
  linkToken = (await post('/api/admin/links', { name: 'Site', mode: 'standard' })).body.token;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all([a?.stop(), b?.stop()]);
});

async function adminSocket(app: TestApp, cookie: string): Promise<Socket> {
  const socket = io(`${app.url}/admin`, {
    extraHeaders: { cookie },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function member(app: TestApp, name: string): Promise<JoinedCustomer> {
  const joined = await joinThroughLink(app.url, linkToken, name);
  sockets.push(joined.socket);
  return joined;
}

describe.skipIf(!database)('two apps on one PostgreSQL database', () => {
  it('a member on A and the coach’s /admin socket on B see each other live', async () => {
    // Signed in through A: the session is in the database, so B knows it.
    const session = await a.login();
    const coach = await adminSocket(b, session);
    const ada = await member(a, 'Ada');
    const seen = new Promise<MessageEvent>((resolve) => {
      coach.on('message', (event: MessageEvent) => {
        if (event.message.text === 'hello from A') resolve(event);
      });
    });
    const sent = await request(ada.socket, 'send', {
      conversationId: ada.conversationId,
      clientMessageId: 'hello-1',
      text: 'hello from A',
    });
    expect(sent.ok).toBe(true);
    expect((await seen).conversationId).toBe(ada.conversationId);
    // The coach answers through B; the member on A gets it live.
    const live = nextMessage(ada.socket, (m) => m.sender.type === 'coach');
    const reply = await adminFetch(
      b.url,
      session,
      `/api/admin/conversations/${ada.conversationId}/messages`,
      {
        method: 'POST',
        body: JSON.stringify({ text: 'Hello Ada, from B' }),
      },
    );
    expect(reply.status).toBe(201);
    expect((await live).text).toBe('Hello Ada, from B');
  });

  it('a burst of messages spread over A and B is stored entirely, and each burst answered once', async () => {
    const BURSTS = 4;
    const PER_BURST = 6;
    const customers = await Promise.all(
      Array.from({ length: BURSTS }, (_, i) => member(i % 2 ? b : a, `Burst ${i}`)),
    );
    // Each member also has a tab on the other app: the burst alternates between the two.
    const tabs = await Promise.all(
      customers.map(async (c, i) => {
        const other = await connectChat((i % 2 ? a : b).url, c.member.token);
        sockets.push(other);
        return [c.socket, other] as const;
      }),
    );
    const sends = customers.flatMap((c, i) =>
      Array.from({ length: PER_BURST }, (_, k) =>
        request(tabs[i]![k % 2]!, 'send', {
          conversationId: c.conversationId,
          clientMessageId: `burst-${i}-${k}`,
          text: `message ${k} of burst ${i}`,
        }),
      ),
    );
    const acks = await Promise.all(sends);
    expect(acks.filter((ack) => !ack.ok)).toEqual([]);
    // Let both windows (and anything a second process would answer) run out.
    await Promise.all([a.kora.engine.idle(), b.kora.engine.idle()]);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 3));
    for (const [i, c] of customers.entries()) {
      const stored = await waitFor(async () => {
        const list = await a.kora.store.messages.list(c.conversationId, { limit: 100 });
        return list.some((m) => m.sender.type === 'assistant') && list;
      });
      const texts = stored.filter((m) => m.sender.type === 'contact').map((m) => m.text);
      expect(texts.sort()).toEqual(
        Array.from({ length: PER_BURST }, (_, k) => `message ${k} of burst ${i}`).sort(),
      );
      expect(
        stored.filter((m) => m.sender.type === 'assistant'),
        `burst ${i}`,
      ).toHaveLength(1);
    }
  });
});
