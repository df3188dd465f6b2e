/**
 * socket.io across processes through `@socket.io/postgres-adapter` (server/postgres/socket-adapter.ts):
 * two socket.io servers, each on its own HTTP server and pg pool, on one fresh PostgreSQL database,
 * stand for two Kora processes. What Kora does on one (the web channel's room emit, a member's
 * sockets joining or leaving a conversation, the /admin feed's audiences, a logout or a role change
 * acting on the /admin sockets' rooms) must reach the clients connected to the other.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationRoom, memberRoom, WebChannelAdapter } from '../../bots/web/adapter.js';
import { systemClock } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import type { Store } from '../../core/repositories.js';
import {
  type AdminSocketData,
  AdminSocketSessions,
  COACHES,
  OWNERS,
} from '../../server/admin/admin-socket-sessions.js';
import { createPostgresSocketAdapter } from '../../server/postgres/socket-adapter.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { withPostgresDatabase } from '../helpers/postgres.js';
import { waitFor } from '../helpers/wait.js';
import { makeAdminUser, makeConversation, makeMessage, makeSession } from '../storage/contract/fixtures.js';

const database = await withPostgresDatabase();

/** One "process": its HTTP server, socket.io server, pool, and Kora's /admin session rooms. */
interface Node {
  url: string;
  io: Server;
  close(): Promise<void>;
  web: WebChannelAdapter;
  admin: AdminSocketSessions;
}

/** The rooms' shared truth (sessions, users) is the database in Kora; here one store both read. */
const store: Store = createMemoryStore();
const nodes: Node[] = [];
const clients: ClientSocket[] = [];

async function startNode(): Promise<Node> {
  const sockets = await createPostgresSocketAdapter(database!.url, silentLogger);
  const server = http.createServer();
  const io = new Server(server, { adapter: sockets.adapter });
  // /chat: a member's socket joins its member room and the conversations it names, as namespace.ts does.
  const chat = io.of('/chat');
  chat.on('connection', (socket) => {
    const { memberId, conversations } = socket.handshake.auth as {
      memberId: string;
      conversations: string[];
    };
    socket.join([memberRoom(memberId), ...conversations.map(conversationRoom)]);
  });
  const web = new WebChannelAdapter();
  web.attach(chat);
  // /admin: the handshake's findings (the cookie check is not what is tested here), then Kora's admission.
  const admin = new AdminSocketSessions(store, systemClock);
  const adminNamespace = io.of('/admin');
  admin.attach(adminNamespace);
  adminNamespace.use((socket, next) => {
    socket.data = socket.handshake.auth as AdminSocketData;
    next();
  });
  adminNamespace.on('connection', (socket) => admin.admit(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const node = { url: `http://127.0.0.1:${port}`, io, close: sockets.close, web, admin };
  nodes.push(node);
  return node;
}

/** Each namespace's adapter has heard the other process (heartbeats), so requests count both. */
async function seeEachOther(...all: Node[]): Promise<void> {
  for (const node of all) {
    for (const name of ['/chat', '/admin']) {
      await waitFor(async () => (await node.io.of(name).adapter.serverCount()) === all.length, 20_000, 100);
    }
  }
}

function connect(node: Node, namespace: '/chat' | '/admin', auth: object): Promise<ClientSocket> {
  const client = connectClient(`${node.url}${namespace}`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  clients.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('connect_error', reject);
  });
}

/** Everything `client` receives of `event`, in order. */
function record<T>(client: ClientSocket, event: string): T[] {
  const received: T[] = [];
  client.on(event, (payload: T) => received.push(payload));
  return received;
}

async function adminUser(role: 'owner' | 'agent') {
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

let a: Node;
let b: Node;

beforeAll(async () => {
  if (!database) return;
  [a, b] = await Promise.all([startNode(), startNode()]);
  await seeEachOther(a, b);
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  for (const node of nodes) {
    await node.io.close();
    await node.close();
  }
});

describe.skipIf(!database)('/chat across two processes on PostgreSQL', () => {
  it("delivers the web channel's messages sent on B, in order, to 60 members on A and B", async () => {
    const conversation = makeConversation({ kind: 'group' });
    const members = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        connect(i % 2 ? a : b, '/chat', { memberId: `m${i}`, conversations: [conversation.id] }),
      ),
    );
    const inboxes = members.map((client) => record<{ message: { id: string } }>(client, 'message'));
    const sent = Array.from({ length: 20 }, (_, i) => makeMessage(conversation.id, { text: `hello ${i}` }));
    for (const message of sent) {
      await b.web.send({ message, conversation, recipient: null, idempotencyKey: message.id });
    }
    await waitFor(() => inboxes.every((inbox) => inbox.length === sent.length), 15_000);
    const order = sent.map((message) => message.id);
    for (const inbox of inboxes) expect(inbox.map((payload) => payload.message.id)).toEqual(order);
  });

  it('carries a payload over NOTIFY’s 8,000 bytes through the attachments table', async () => {
    const conversation = makeConversation({ kind: 'group' });
    const member = await connect(a, '/chat', { memberId: 'big', conversations: [conversation.id] });
    const inbox = record<{ message: { text: string } }>(member, 'message');
    const message = makeMessage(conversation.id, { text: 'é'.repeat(12_000) });
    await b.web.send({ message, conversation, recipient: null, idempotencyKey: message.id });
    await waitFor(() => inbox.length === 1, 10_000);
    expect(inbox[0]!.message.text).toBe(message.text);
  });

  it("moves a member's sockets on A into and out of a conversation from B (socketsJoin, socketsLeave)", async () => {
    const known = makeConversation({ kind: 'group' });
    const added = makeConversation({ kind: 'group' });
    const member = await connect(a, '/chat', { memberId: 'ada', conversations: [known.id] });
    const inbox = record<{ conversationId: string }>(member, 'message');
    const send = (conversation: typeof known) => {
      const message = makeMessage(conversation.id);
      return b.web.send({ message, conversation, recipient: null, idempotencyKey: message.id });
    };
    const chatB = b.io.of('/chat');
    chatB.in(memberRoom('ada')).socketsJoin(conversationRoom(added.id));
    await waitFor(async () => (await chatB.in(conversationRoom(added.id)).fetchSockets()).length === 1);
    await send(added);
    await waitFor(() => inbox.length === 1, 10_000);
    chatB.in(memberRoom('ada')).socketsLeave(conversationRoom(added.id));
    await waitFor(async () => (await chatB.in(conversationRoom(added.id)).fetchSockets()).length === 0);
    // One NOTIFY channel per namespace keeps order: once `known`'s message is in, `added`'s would be.
    await send(added);
    await send(known);
    await waitFor(() => inbox.length === 2, 10_000);
    expect(inbox.map((payload) => payload.conversationId)).toEqual([added.id, known.id]);
  });
});

describe.skipIf(!database)('/admin across two processes on PostgreSQL', () => {
  it("sends the feed from B to A's coaches, owner-only events to owners only", async () => {
    const owner = await connect(a, '/admin', (await adminUser('owner')).data);
    const agent = await connect(a, '/admin', (await adminUser('agent')).data);
    await waitFor(async () => (await b.io.of('/admin').in(OWNERS).fetchSockets()).length >= 1);
    const ownerSeen = record<string>(owner, 'feed');
    const agentSeen = record<string>(agent, 'feed');
    const adminB = b.io.of('/admin');
    adminB.to(OWNERS).emit('feed', 'delivery');
    adminB.to(COACHES).emit('feed', 'message');
    await waitFor(() => ownerSeen.length === 2 && agentSeen.length === 1, 10_000);
    expect(ownerSeen).toEqual(['delivery', 'message']);
    expect(agentSeen).toEqual(['message']);
  });

  it("a logout on B disconnects that session's sockets on A, and only them", async () => {
    const coach = await adminUser('agent');
    const [tab1, tab2] = await Promise.all([
      connect(a, '/admin', coach.data),
      connect(b, '/admin', coach.data),
    ]);
    const other = await connect(a, '/admin', (await adminUser('agent')).data);
    const reasons = [tab1, tab2].map(
      (client) => new Promise<string>((resolve) => client.once('disconnect', resolve)),
    );
    await store.sessions.delete(coach.session.id);
    b.admin.sessionEnded(coach.session.id);
    expect(await Promise.all(reasons)).toEqual(['io server disconnect', 'io server disconnect']);
    const stillThere = record<string>(other, 'feed');
    b.io.of('/admin').to(COACHES).emit('feed', 'after logout');
    await waitFor(() => stillThere.length === 1, 10_000);
    expect(other.connected).toBe(true);
  });

  it("a password change on B ends all the user's sockets on A", async () => {
    const user = await store.adminUsers.create(makeAdminUser({ role: 'agent' }));
    const sockets = await Promise.all(
      [1, 2, 3].map(async () => {
        const session = makeSession(user.id, { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
        await store.sessions.create(session);
        const data: AdminSocketData = {
          sessionId: session.id,
          userId: user.id,
          role: 'agent',
          expiresAt: session.expiresAt,
        };
        return connect(a, '/admin', data);
      }),
    );
    const reasons = sockets.map(
      (client) => new Promise<string>((resolve) => client.once('disconnect', resolve)),
    );
    b.admin.userSessionsEnded(user.id);
    expect(await Promise.all(reasons)).toEqual(Array(3).fill('io server disconnect'));
  });

  it("a demotion on B takes the user's sockets on A out of owners without disconnecting them", async () => {
    const owner = await adminUser('owner');
    const client = await connect(a, '/admin', owner.data);
    const adminB = b.io.of('/admin');
    await waitFor(async () =>
      (await adminB.in(OWNERS).fetchSockets()).some((socket) => socket.id === client.id),
    );
    const seen = record<string>(client, 'feed');
    await store.adminUsers.update(owner.user.id, { role: 'agent' });
    await b.admin.userChanged(owner.user.id);
    await waitFor(async () =>
      (await adminB.in(OWNERS).fetchSockets()).every((socket) => socket.id !== client.id),
    );
    adminB.to(OWNERS).emit('feed', 'delivery');
    adminB.to(COACHES).emit('feed', 'message');
    await waitFor(() => seen.length === 1, 10_000);
    expect(seen).toEqual(['message']);
    expect(client.connected).toBe(true);
  });
});
