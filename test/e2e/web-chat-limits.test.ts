/**
 * Per-address limits of the web chat, driven as a flood would: many sockets and joins at once from one
 * address. Limits are set low here (through `startKora`'s options) so the tests stay fast; the defaults
 * get a test of their own: a café full of customers is never limited.
 */
import { io, Manager, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { adminFetch, connectChat, request } from '../helpers/chat-client.js';

let app: TestApp | undefined;
const sockets: Socket[] = [];
const managers: Manager[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  for (const manager of managers.splice(0)) manager.engine?.close();
  await app?.stop();
  app = undefined;
});

async function boot(limits: Record<string, unknown>, env: Record<string, string> = {}) {
  app = await startTestApp({ env, start: { webLimits: limits } });
  const cookie = await app.login();
  const group = await adminFetch(app.url, cookie, '/api/admin/groups', {
    method: 'POST',
    body: JSON.stringify({ name: 'Atelier' }),
  });
  return { app, cookie, groupId: group.body.id as string };
}

/** Opens a socket; resolves with it, or with the connect_error when refused. */
function open(url: string, headers: Record<string, string> = {}, token?: string) {
  const socket = io(`${url}/chat`, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
  });
  sockets.push(socket);
  return new Promise<{ socket: Socket } | { error: Error & { data?: { code: string; message: string } } }>(
    (resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (error) => resolve({ error }));
    },
  );
}

async function openAll(
  url: string,
  count: number,
  headers: (i: number) => Record<string, string> = () => ({}),
) {
  const results = await Promise.all(Array.from({ length: count }, (_, i) => open(url, headers(i))));
  const connected = results.flatMap((r) => ('socket' in r ? [r.socket] : []));
  const refused = results.flatMap((r) => ('error' in r ? [r.error] : []));
  return { connected, refused };
}

async function joinAll(groupId: string, members: Socket[]) {
  return Promise.all(
    members.map((socket, i) =>
      request<{ member: { id: string; token: string } }>(socket, 'join', { group: groupId, name: `M${i}` }),
    ),
  );
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('connections per address', () => {
  it('accepts exactly the limit at once and refuses the rest with connect_error rate_limited', async () => {
    const { app } = await boot({ connections: 5 });
    const { connected, refused } = await openAll(app.url, 40);
    expect(connected).toHaveLength(5);
    expect(refused).toHaveLength(35);
    // The namespace says why; while twice the limit of transports are open at once, the transport
    // itself is refused (HTTP 403 at the upgrade: the next test).
    const explained = refused.filter((error) => error.message === 'rate_limited');
    expect(explained.length).toBeGreaterThanOrEqual(5);
    for (const error of explained) expect(error.data?.message).toMatch(/too many connections/);
    const atTransport = refused.filter((error) => error.message === 'websocket error');
    expect(explained.length + atTransport.length).toBe(35);
    // A closed connection frees its place.
    connected[0]!.close();
    await delay(100);
    const again = await open(app.url);
    expect('socket' in again).toBe(true);
  });

  it('gives a place back when a socket leaves the namespace on a transport that stays open', async () => {
    const { app } = await boot({ connections: 2 });
    const manager = new Manager(app.url, { transports: ['websocket'], reconnection: false });
    managers.push(manager);
    // The main namespace keeps the transport open while /chat comes and goes on it.
    const keeper = manager.socket('/');
    await new Promise<void>((resolve) => keeper.once('connect', () => resolve()));
    for (let round = 0; round < 10; round++) {
      const socket = manager.socket('/chat');
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      socket.disconnect();
      await delay(20);
    }
    expect(manager.engine.readyState).toBe('open');
    const both = await openAll(app.url, 2);
    expect(both.connected).toHaveLength(2);
  });

  it('caps transports that never connect a namespace at twice the limit', async () => {
    const { app } = await boot({ connections: 5 });
    const openTransport = () => {
      const manager = new Manager(app.url, {
        transports: ['websocket'],
        reconnection: false,
        autoConnect: false,
      });
      managers.push(manager);
      return new Promise<Manager | null>((resolve) =>
        manager.open((error) => resolve(error ? null : manager)),
      );
    };
    const opened = await Promise.all(Array.from({ length: 30 }, openTransport));
    const held = opened.filter((manager) => manager !== null);
    expect(held).toHaveLength(10);
    // Namespace sockets cannot be had either meanwhile, and a closed transport frees its place.
    expect('error' in (await open(app.url))).toBe(true);
    held[0]!.engine.close();
    await delay(100);
    expect(await openTransport()).not.toBeNull();
  });

  it('ignores X-Forwarded-For from loopback when TRUST_PROXY is unset', async () => {
    const { app } = await boot({ connections: 2 });
    const { connected, refused } = await openAll(app.url, 4, (i) => ({
      'x-forwarded-for': `203.0.113.${i}`,
    }));
    expect(connected).toHaveLength(2);
    expect(refused).toHaveLength(2);
  });

  it('believes X-Forwarded-For from a TRUST_PROXY address, for sockets and HTTP alike', async () => {
    const { app, cookie } = await boot({ connections: 2 }, { TRUST_PROXY: '127.0.0.1' });
    const distinct = await openAll(app.url, 4, (i) => ({ 'x-forwarded-for': `203.0.113.${i}` }));
    expect(distinct.connected).toHaveLength(4);
    const same = await openAll(app.url, 4, () => ({ 'x-forwarded-for': '198.51.100.1' }));
    expect(same.connected).toHaveLength(2);
    // HTTP agrees: the audit log records the forwarded address of a sign-in.
    await fetch(`${app.url}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.77' },
      body: JSON.stringify({ email: app.adminEmail, password: app.adminPassword }),
    });
    const audit = await adminFetch(app.url, cookie, '/api/admin/audit-log?limit=50');
    expect(audit.body.items.map((entry: { ip: string }) => entry.ip)).toContain('198.51.100.77');
  });

  it('records the peer address over HTTP when TRUST_PROXY is unset', async () => {
    const { app, cookie } = await boot({});
    await fetch(`${app.url}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.77' },
      body: JSON.stringify({ email: app.adminEmail, password: app.adminPassword }),
    });
    const audit = await adminFetch(app.url, cookie, '/api/admin/audit-log?limit=50');
    const ips = audit.body.items.map((entry: { ip: string }) => entry.ip);
    expect(ips).not.toContain('198.51.100.77');
    expect(ips).toContain('127.0.0.1');
  });
});

describe('joins per address', () => {
  it('creates exactly the limit of members when many join at once', async () => {
    const { app, groupId } = await boot({ joins: { rate: 1, perMs: 3_600_000, burst: 6 } });
    const before = (await app.kora.store.conversations.countMembers(groupId)) as number;
    const { connected } = await openAll(app.url, 30);
    const replies = await joinAll(groupId, connected);
    const ok = replies.filter((reply) => reply.ok);
    expect(ok).toHaveLength(6);
    for (const reply of replies.filter((r) => !r.ok)) {
      expect(reply).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/joins/);
    }
    expect(await app.kora.store.conversations.countMembers(groupId)).toBe(before + 6);
  });
});

describe('messages per address', () => {
  it('counts the messages of every member of one address together', async () => {
    const { app, groupId } = await boot({ messages: { rate: 1, perMs: 60_000, burst: 7 } });
    const { connected } = await openAll(app.url, 4);
    expect((await joinAll(groupId, connected)).every((reply) => reply.ok)).toBe(true);
    // 4 members × 3 messages = 12, each member well under its own 10 in 10 s.
    const replies = await Promise.all(
      connected.flatMap((socket, i) =>
        [0, 1, 2].map((n) =>
          request(socket, 'send', {
            conversationId: groupId,
            text: `m${i}-${n}`,
            clientMessageId: `c${i}-${n}`,
          }),
        ),
      ),
    );
    expect(replies.filter((reply) => reply.ok)).toHaveLength(7);
    const refused = replies.filter((reply) => !reply.ok);
    expect(refused).toHaveLength(5);
    for (const reply of refused) {
      expect(reply).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/messages from your address/);
    }
    const stored = await app.kora.store.messages.list(groupId, { limit: 100 });
    expect(stored.filter((m) => /^m\d-\d$/.test(m.text))).toHaveLength(7);
  });
});

describe('typing', () => {
  it('fans out one typing per member and conversation per interval, however many are sent', async () => {
    const { app, groupId } = await boot({});
    const { connected } = await openAll(app.url, 2);
    expect((await joinAll(groupId, connected)).every((reply) => reply.ok)).toBe(true);
    const [typist, watcher] = connected as [Socket, Socket];
    let seen = 0;
    watcher.on('typing', () => seen++);
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => request(typist, 'typing', { conversationId: groupId })),
    );
    expect(replies.every((reply) => reply.ok)).toBe(true);
    await delay(300);
    expect(seen).toBe(1);
  });

  it('refuses typing beyond the address limit with rate_limited', async () => {
    const { app, groupId } = await boot({ typing: { rate: 1, perMs: 60_000, burst: 3 } });
    const { connected } = await openAll(app.url, 6);
    expect((await joinAll(groupId, connected)).every((reply) => reply.ok)).toBe(true);
    const replies = await Promise.all(
      connected.map((socket) => request(socket, 'typing', { conversationId: groupId })),
    );
    expect(replies.filter((reply) => reply.ok)).toHaveLength(3);
    for (const reply of replies.filter((r) => !r.ok)) {
      expect(reply).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/typing/);
    }
  });
});

describe('the defaults', () => {
  it('never limit a café: 12 customers join a group at once and chat', async () => {
    const { app, groupId } = await boot({});
    const customers = await Promise.all(Array.from({ length: 12 }, () => connectChat(app.url)));
    sockets.push(...customers);
    const joined = await joinAll(groupId, customers);
    expect(joined.every((reply) => reply.ok)).toBe(true);
    const sent = await Promise.all(
      customers.map((socket, i) =>
        request(socket, 'send', { conversationId: groupId, text: `Bonjour ${i}`, clientMessageId: `b${i}` }),
      ),
    );
    expect(sent.every((reply) => reply.ok)).toBe(true);
    const typed = await Promise.all(
      customers.map((socket) => request(socket, 'typing', { conversationId: groupId })),
    );
    expect(typed.every((reply) => reply.ok)).toBe(true);
  });
});
