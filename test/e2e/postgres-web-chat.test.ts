/**
 * Issue 19's web chat additions across two processes (A and B) on one PostgreSQL database: branding,
 * images (bytes in the database), the coach's typing and reading, wherever each side is connected.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, type JoinedCustomer, joinThroughLink, nextMessage } from '../helpers/chat-client.js';
import { makePng } from '../helpers/png.js';
import { withPostgresDatabase } from '../helpers/postgres.js';

const database = await withPostgresDatabase();
const SECRET_KEY = 'a-secret-key-shared-by-both-replicas-0123456789';
let a: TestApp;
let b: TestApp;
let cookie: string;
let customer: JoinedCustomer;
let coach: Socket;

function next<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), 10_000);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

beforeAll(async () => {
  if (!database) return;
  const env = { DATABASE_URL: database.url, SECRET_KEY, AI_PROVIDER: 'offline' };
  [a, b] = await Promise.all([startTestApp({ env }), startTestApp({ env })]);
  cookie = await a.login();
  const link = await adminFetch(a.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({ name: 'Site', mode: 'standard' }),
  });
  // The customer is on B; the coach works on A.
  customer = await joinThroughLink(b.url, link.body.token, 'Aïcha');
  coach = io(`${a.url}/admin`, { extraHeaders: { cookie }, transports: ['websocket'], forceNew: true });
  await new Promise((resolve, reject) => {
    coach.once('connect', () => resolve(undefined));
    coach.once('connect_error', reject);
  });
});

afterAll(async () => {
  coach?.close();
  customer?.socket.close();
  await Promise.all([a?.stop(), b?.stop()]);
});

describe.runIf(database)('the web chat additions on two processes', () => {
  it('shows on B the branding saved on A', async () => {
    const saved = await adminFetch(a.url, cookie, '/api/admin/web-chat', {
      method: 'PUT',
      body: JSON.stringify({ name: 'Studio Lina', accentColor: '#0a7d5c' }),
    });
    expect(saved.status).toBe(200);
    expect(await (await fetch(`${b.url}/chat/branding`)).json()).toMatchObject({ name: 'Studio Lina' });
  });

  it('serves from either process an image sent through the other', async () => {
    const image = makePng(40, 30);
    const live = nextMessage(customer.socket, (m) => m.sender.type === 'coach');
    const form = new FormData();
    form.append('conversationId', customer.conversationId);
    form.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'plan.png');
    const posted = await fetch(`${a.url}/api/admin/attachments`, {
      method: 'POST',
      body: form,
      headers: { cookie, origin: a.url },
    });
    expect(posted.status).toBe(201);
    const url = ((await posted.json()) as { media: { url: string }[] }).media[0]!.url;
    await live;
    const onB = await fetch(`${b.url}${url}`, {
      headers: { authorization: `Bearer ${customer.member.token}` },
    });
    expect(onB.status).toBe(200);
    expect(Buffer.from(await onB.arrayBuffer()).equals(image)).toBe(true);
  });

  it("gives the customer on B the coach's typing and reading on A", async () => {
    const typing = next<{ member: { name: string } }>(customer.socket, 'typing');
    await coach.timeout(5_000).emitWithAck('typing', { conversationId: customer.conversationId });
    expect((await typing).member.name).toBeTruthy();
    const sent = await customer.socket.timeout(5_000).emitWithAck('send', {
      conversationId: customer.conversationId,
      text: 'Merci !',
      clientMessageId: 'pg-1',
    });
    const read = next<{ memberId: string; messageId: string }>(customer.socket, 'read');
    const marked = await adminFetch(
      a.url,
      cookie,
      `/api/admin/conversations/${customer.conversationId}/read`,
      {
        method: 'POST',
        body: JSON.stringify({ messageId: sent.message.id }),
      },
    );
    expect(marked.body).toEqual({ moved: true });
    expect(await read).toMatchObject({ memberId: 'coach', messageId: sent.message.id });
  });
});
