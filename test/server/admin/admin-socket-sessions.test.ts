/**
 * AdminSocketSessions on a real socket.io server and client: a logout or a demotion that lands
 * between the handshake's read and the socket joining its rooms (simulated by a middleware that runs
 * after the read) still reaches the socket, because admitting it reads the session again.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Namespace, Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../core/ids.js';
import type { Store } from '../../../core/repositories.js';
import {
  type AdminSocketData,
  AdminSocketSessions,
  OWNERS,
} from '../../../server/admin/admin-socket-sessions.js';
import { createMemoryStore } from '../../fakes/memory-store.js';
import { makeAdminUser, makeSession } from '../../storage/contract/fixtures.js';

let server: http.Server;
let ioServer: Server;
let namespace: Namespace;
let store: Store;
let sessions: AdminSocketSessions;
let url: string;
const clients: Socket[] = [];

beforeEach(async () => {
  server = http.createServer();
  ioServer = new Server(server);
  namespace = ioServer.of('/admin');
  store = createMemoryStore();
  sessions = new AdminSocketSessions(store, systemClock);
  sessions.attach(namespace);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const client of clients) client.close();
  await new Promise((resolve) => ioServer.close(resolve));
});

/** A handshake that found `data`, then `meanwhile` (a change that lands before the socket is admitted). */
function mount(data: AdminSocketData, meanwhile: () => Promise<void>): void {
  namespace.use((socket, next) => {
    socket.data = data;
    meanwhile().then(() => next(), next);
  });
  namespace.on('connection', (socket) => sessions.admit(socket));
}

async function seed(role: 'owner' | 'agent') {
  const user = await store.adminUsers.create(makeAdminUser({ role }));
  const session = makeSession(user.id, { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
  await store.sessions.create(session);
  const data: AdminSocketData = {
    sessionId: session.id,
    userId: user.id,
    role,
    expiresAt: session.expiresAt,
  };
  return { user, session, data };
}

function connect(): Socket {
  const client = io(`${url}/admin`, { transports: ['websocket'], reconnection: false, forceNew: true });
  clients.push(client);
  return client;
}

describe('AdminSocketSessions', () => {
  it('disconnects a socket whose session ended between the handshake and its admission', async () => {
    const { session, data } = await seed('agent');
    mount(data, async () => {
      await store.sessions.delete(session.id);
      sessions.sessionEnded(session.id);
    });
    const client = connect();
    const reason = await new Promise<string>((resolve) => client.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
  });

  it('keeps out of the owners room a socket whose user was demoted during its handshake', async () => {
    const { user, data } = await seed('owner');
    mount(data, async () => {
      await store.adminUsers.update(user.id, { role: 'agent' });
      await sessions.userChanged(user.id);
    });
    const client = connect();
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    const deadline = Date.now() + 2_000;
    while ((await namespace.in(OWNERS).fetchSockets()).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await namespace.in(OWNERS).fetchSockets()).toEqual([]);
    expect(client.connected).toBe(true);
  });

  it('disconnects a socket when its session expires', async () => {
    const { data } = await seed('agent');
    mount({ ...data, expiresAt: new Date(Date.now() + 300).toISOString() }, async () => {});
    const client = connect();
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    const reason = await new Promise<string>((resolve) => client.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
  });
});
