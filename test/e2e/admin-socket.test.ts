import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, request } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
const sockets: Socket[] = [];

function connectAdmin(withCookie: string, headers: Record<string, string> = {}): Promise<Socket> {
  const socket = io(`${app.url}/admin`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { ...(withCookie ? { cookie: withCookie } : {}), ...headers },
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function next<T>(socket: Socket, event: string, match: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), 5_000);
    socket.on(event, (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login();
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

describe('/admin socket', () => {
  it('refuses a handshake without a valid session cookie', async () => {
    await expect(connectAdmin('')).rejects.toThrow('unauthorized');
    await expect(connectAdmin('kora_session=forged')).rejects.toThrow('unauthorized');
  });

  it('refuses a handshake from a sibling origin with the cookie, as the HTTP CSRF guard does', async () => {
    const port = Number(new URL(app.url).port);
    const foreign: Record<string, string>[] = [
      { origin: `http://127.0.0.1:${port + 1}` },
      { origin: 'http://chat.localhost' },
      { origin: 'null' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of foreign) {
      await expect(connectAdmin(cookie, headers)).rejects.toThrow('forbidden_origin');
    }
    const own: Record<string, string>[] = [{ origin: app.url }, { 'sec-fetch-site': 'same-origin' }, {}];
    for (const headers of own) {
      expect((await connectAdmin(cookie, headers)).connected).toBe(true);
    }
  });

  it('pushes new conversations, messages and handoffs to the coach live', async () => {
    const coach = await connectAdmin(cookie);
    const link = await adminFetch(app.url, cookie, '/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({ name: 'Live', mode: 'standard' }),
    });
    const created = next<{ change: string; conversation: { id: string } }>(
      coach,
      'conversation',
      (e) => e.change === 'created',
    );
    const joined = await joinThroughLink(app.url, link.body.token, 'Zoé');
    const customer = joined.socket;
    sockets.push(customer);
    expect((await created).conversation.id).toBe(joined.conversationId);

    const incoming = next<{ conversationId: string; message: { text: string; sender: { type: string } } }>(
      coach,
      'message',
      (e) => e.message.sender.type === 'contact',
    );
    const handoff = next<{ change: string; conversation: { handoff: boolean } }>(
      coach,
      'conversation',
      (e) => e.change === 'handoff',
    );
    await request(customer, 'send', {
      conversationId: joined.conversationId,
      text: 'Je veux parler au coach',
      clientMessageId: 'a1',
    });
    expect((await incoming).message.text).toBe('Je veux parler au coach');
    expect((await handoff).conversation.handoff).toBe(true);
  });
});
