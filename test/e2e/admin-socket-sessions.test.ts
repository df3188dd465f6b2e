/**
 * The `/admin` socket follows its session and its user's role, with real socket.io clients: logout,
 * a password change, a deletion and a 2FA reset disconnect it; an agent never receives owner-only
 * events (campaign `delivery`), and a role change takes effect on open sockets at once.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp, stepAt } from '../../server/admin/auth/totp.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink } from '../helpers/chat-client.js';

let app: TestApp;
let owner: string;
let linkToken: string;
let groupId: string;
const sockets: Socket[] = [];

interface Received {
  event: string;
  payload: { campaignId?: string; change?: string; conversation?: { id: string } };
}

/** A connected /admin socket and every event it receives, in order. */
async function connect(cookie: string): Promise<{ socket: Socket; received: Received[] }> {
  const socket = io(`${app.url}/admin`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  sockets.push(socket);
  const received: Received[] = [];
  socket.onAny((event: string, payload: Received['payload']) => received.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, received };
}

function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still connected')), 5_000);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const api = (cookie: string, method: string, path: string, body?: unknown) =>
  adminFetch(app.url, cookie, path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function signIn(email: string, password: string): Promise<string> {
  const response = await api('', 'POST', '/api/admin/auth/login', { email, password });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

let agents = 0;
async function newAgent(): Promise<{ id: string; email: string; password: string; cookie: string }> {
  const email = `agent${++agents}@example.com`;
  const password = 'an agent password, long enough';
  const created = await api(owner, 'POST', '/api/admin/users', {
    email,
    name: 'Agent',
    password,
    role: 'agent',
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, email, password, cookie: await signIn(email, password) };
}

/** Launches a new campaign (scheduled tomorrow): its status change is a `delivery` event. */
async function launchCampaign(): Promise<string> {
  const created = await api(owner, 'POST', '/api/admin/campaigns', {
    name: 'Spring',
    message: 'Hi {firstName}',
    targets: [{ type: 'group', id: groupId }],
    channels: ['web'],
    schedule: { at: new Date(Date.now() + 86_400_000).toISOString() },
  });
  expect(created.status).toBe(201);
  expect((await api(owner, 'POST', `/api/admin/campaigns/${created.body.id}/launch`)).status).toBe(200);
  return created.body.id;
}

/** A new web conversation: a `conversation` event every signed-in socket gets, after what came before. */
async function newConversation(): Promise<string> {
  const joined = await joinThroughLink(app.url, linkToken, 'Zoé');
  sockets.push(joined.socket);
  return joined.conversationId;
}

const sawConversation = (received: Received[], id: string) =>
  received.some((r) => r.event === 'conversation' && r.payload.conversation?.id === id);
const deliveriesOf = (received: Received[], campaignId: string) =>
  received.filter((r) => r.event === 'delivery' && r.payload.campaignId === campaignId);

beforeAll(async () => {
  app = await startTestApp();
  owner = await app.login();
  linkToken = (await api(owner, 'POST', '/api/admin/links', { name: 'Site', mode: 'standard' })).body.token;
  groupId = (await api(owner, 'POST', '/api/admin/groups', { name: 'Morning yoga' })).body.id;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

describe('/admin socket and its session', () => {
  it('disconnects the sockets of a session at its logout, and only those', async () => {
    const agent = await newAgent();
    const other = await connect(await signIn(agent.email, agent.password));
    const leaving = await connect(agent.cookie);
    const gone = disconnected(leaving.socket);
    expect((await api(agent.cookie, 'POST', '/api/admin/auth/logout')).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    const conversationId = await newConversation();
    await until(() => sawConversation(other.received, conversationId), 'the other session to stay live');
    expect(other.socket.connected).toBe(true);
  });

  it('leaves no socket of a session live when connections race its logout', async () => {
    const agent = await newAgent();
    const connecting = Array.from({ length: 40 }, () =>
      connect(agent.cookie).then(
        ({ socket }) => socket,
        () => null,
      ),
    );
    const [logout, ...raced] = await Promise.all([
      api(agent.cookie, 'POST', '/api/admin/auth/logout'),
      ...connecting,
    ]);
    expect(logout.status).toBe(204);
    const opened = raced.filter((socket) => socket !== null);
    await until(() => opened.every((socket) => !socket.connected), 'every raced socket to be disconnected');
  });

  it('disconnects every socket of a user whose password the owner changes', async () => {
    const agent = await newAgent();
    const first = await connect(agent.cookie);
    const second = await connect(await signIn(agent.email, agent.password));
    const gone = [disconnected(first.socket), disconnected(second.socket)];
    const patched = await api(owner, 'PATCH', `/api/admin/users/${agent.id}`, {
      password: 'a brand new password',
    });
    expect(patched.status).toBe(200);
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
  });

  it('disconnects the sockets of a deleted user', async () => {
    const agent = await newAgent();
    const live = await connect(agent.cookie);
    const gone = disconnected(live.socket);
    expect((await api(owner, 'DELETE', `/api/admin/users/${agent.id}`)).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
  });

  it('disconnects the sockets of a user whose 2FA the owner resets', async () => {
    const agent = await newAgent();
    const setup = await api(agent.cookie, 'POST', '/api/admin/auth/totp/setup');
    const code = hotp(base32Decode(setup.body.secret), stepAt(Date.now()));
    expect((await api(agent.cookie, 'POST', '/api/admin/auth/totp/enable', { code })).status).toBe(200);
    const live = await connect(agent.cookie);
    const gone = disconnected(live.socket);
    expect((await api(owner, 'DELETE', `/api/admin/users/${agent.id}/totp`)).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
  });
});

describe('/admin socket events by role', () => {
  it('never sends campaign deliveries to an agent; the owner gets them', async () => {
    const agent = await newAgent();
    const agentLive = await connect(agent.cookie);
    const ownerLive = await connect(owner);
    const campaignId = await launchCampaign();
    const conversationId = await newConversation();
    await until(() => deliveriesOf(ownerLive.received, campaignId).length > 0, "the owner's delivery event");
    await until(() => sawConversation(agentLive.received, conversationId), "the agent's conversation event");
    expect(agentLive.received.filter((r) => r.event === 'delivery')).toEqual([]);
  });

  it("sends a reply's status changes to everyone who may read the conversation: owners and agents", async () => {
    const agent = await newAgent();
    const agentLive = await connect(agent.cookie);
    const ownerLive = await connect(owner);
    const conversationId = await newConversation();
    const reply = await api(agent.cookie, 'POST', `/api/admin/conversations/${conversationId}/messages`, {
      text: 'Bonjour Zoé',
    });
    expect(reply.status).toBe(201);
    const sent = (received: Received[]) =>
      received.some((r) => {
        const payload = r.payload as { message?: { id: string; status: string } };
        return (
          r.event === 'message' && payload.message?.id === reply.body.id && payload.message?.status === 'sent'
        );
      });
    await until(() => sent(agentLive.received), "the agent's status event");
    await until(() => sent(ownerLive.received), "the owner's status event");
  });

  it('follows a role change on the open socket: promoted, then demoted', async () => {
    const agent = await newAgent();
    const live = await connect(agent.cookie);
    expect((await api(owner, 'PATCH', `/api/admin/users/${agent.id}`, { role: 'owner' })).status).toBe(200);
    const asOwner = await launchCampaign();
    await until(() => deliveriesOf(live.received, asOwner).length > 0, 'a delivery event once promoted');
    expect((await api(owner, 'PATCH', `/api/admin/users/${agent.id}`, { role: 'agent' })).status).toBe(200);
    const asAgent = await launchCampaign();
    const conversationId = await newConversation();
    await until(() => sawConversation(live.received, conversationId), 'the conversation event after it');
    expect(deliveriesOf(live.received, asAgent)).toEqual([]);
    expect(live.socket.connected).toBe(true);
  });
});
