/**
 * The whole app started with DATABASE_URL on a fresh PostgreSQL database (the real store, socket.io's
 * PostgreSQL adapter, Agenda on @agendajs/postgres-backend), driven as users drive it: a member joins
 * an entry link, the offline assistant answers, the coach signs in and answers, a campaign completes.
 */
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import {
  adminFetch,
  type JoinedCustomer,
  joinThroughLink,
  nextMessage,
  request,
} from '../helpers/chat-client.js';
import { withPostgresDatabase } from '../helpers/postgres.js';
import { waitFor } from '../helpers/wait.js';

const database = await withPostgresDatabase();
const SECRET_KEY = 'a-secret-key-for-the-postgres-e2e-0123456789';
let app: TestApp;
let cookie: string;
let linkId: string;
let linkToken: string;
const sockets: Socket[] = [];

const api = (path: string, init: RequestInit = {}) => adminFetch(app.url, cookie, path, init);
const post = (path: string, body?: unknown) =>
  api(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

async function member(name: string): Promise<JoinedCustomer> {
  const joined = await joinThroughLink(app.url, linkToken, name);
  sockets.push(joined.socket);
  return joined;
}

beforeAll(async () => {
  if (!database) return;
  app = await startTestApp({ env: { DATABASE_URL: database.url, SECRET_KEY } });
  cookie = await app.login();
  const offer = await post('/api/admin/offers', {
    name: 'Cours de yoga',
    kind: 'course',
    price: 120,
    currency: 'CHF',
  });
  expect(offer.status).toBe(201);
  const link = await post('/api/admin/links', { name: 'Site', mode: 'standard' });
  expect(link.status).toBe(201);
  linkId = link.body.id;
  linkToken = link.body.token;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

describe.skipIf(!database)('Kora started with DATABASE_URL', () => {
  it('/readyz names postgres for the store and Agenda runs on PostgreSQL', async () => {
    expect(app.kora.store.kind).toBe('postgres');
    const ready = await (await fetch(`${app.url}/readyz`)).json();
    expect(ready).toMatchObject({
      ok: true,
      store: { kind: 'postgres', ok: true },
      scheduler: { ok: true, backend: 'PostgreSQL' },
    });
  });

  it('a web-chat member joins an entry link and gets the offline assistant’s answer', async () => {
    const ada = await member('Ada');
    const answer = nextMessage(ada.socket, (m) => m.sender.type === 'assistant', 10_000);
    const sent = await request(ada.socket, 'send', {
      conversationId: ada.conversationId,
      clientMessageId: 'price-1',
      text: 'Le yoga coûte combien ?',
    });
    expect(sent.ok).toBe(true);
    expect((await answer).text).toContain('120 CHF');
  });

  it('the coach signs in, reads the conversation and answers the member live', async () => {
    const grace = await member('Grace');
    const answered = nextMessage(grace.socket, (m) => m.sender.type === 'assistant', 10_000);
    await request(grace.socket, 'send', {
      conversationId: grace.conversationId,
      clientMessageId: 'g-1',
      text: 'Bonjour, le yoga coûte combien ?',
    });
    await answered;
    const coachCookie = await app.login();
    const read = await adminFetch(
      app.url,
      coachCookie,
      `/api/admin/conversations/${grace.conversationId}/messages`,
    );
    expect(read.status).toBe(200);
    expect(read.body.items.map((m: { sender: { type: string } }) => m.sender.type)).toEqual([
      'contact',
      'assistant',
    ]);
    const live = nextMessage(grace.socket, (m) => m.sender.type === 'coach');
    const reply = await adminFetch(
      app.url,
      coachCookie,
      `/api/admin/conversations/${grace.conversationId}/messages`,
      {
        method: 'POST',
        body: JSON.stringify({ text: 'Bonjour Grace, je suis là.' }),
      },
    );
    expect(reply.status).toBe(201);
    expect((await live).text).toBe('Bonjour Grace, je suis là.');
  });

  it('a campaign to a few recipients completes, each receiving it exactly once', async () => {
    const admin = io(`${app.url}/admin`, {
      extraHeaders: { cookie },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(admin);
    await new Promise<void>((resolve, reject) => {
      admin.once('connect', () => resolve());
      admin.once('connect_error', reject);
    });
    const recipients = [await member('Alan'), await member('Barbara'), await member('Edsger')];
    const received = recipients.map((r) => {
      const texts: string[] = [];
      r.socket.on('message', (event: { message: { text: string; sender: { type: string } } }) => {
        if (event.message.sender.type === 'coach') texts.push(event.message.text);
      });
      return texts;
    });
    const created = await post('/api/admin/campaigns', {
      name: 'Spring',
      message: `Hi {firstName}, book here: {link:${linkId}}`,
      targets: recipients.map((r) => ({ type: 'contact', id: r.member.id })),
      channels: ['web'],
    });
    expect(created.status).toBe(201);
    const launched = await post(`/api/admin/campaigns/${created.body.id}/launch`);
    expect(launched.status).toBeLessThan(300);
    const done = await waitFor(async () => {
      const campaign = (await api(`/api/admin/campaigns/${created.body.id}`)).body;
      return campaign.status === 'completed' && campaign;
    });
    expect(done.counts).toMatchObject({ pending: 0, sent: 3, skipped: 0, failed: 0 });
    // A second launch of a completed campaign sends nothing more.
    await post(`/api/admin/campaigns/${created.body.id}/launch`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received).toEqual(
      ['Alan', 'Barbara', 'Edsger'].map((name) => [
        `Hi ${name}, book here: ${app.kora.config.publicUrl}/c/${linkToken}`,
      ]),
    );
    for (const r of recipients) {
      const stored = await app.kora.store.messages.list(r.conversationId, { limit: 50 });
      expect(stored.filter((m) => m.sender.type === 'coach')).toHaveLength(1);
    }
  });
});
