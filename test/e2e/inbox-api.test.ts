/**
 * Issue 19, the coach's inbox over HTTP and the `/admin` socket: previews and unread counts per agent,
 * private notes kept from the customer, the channels and the AI, assignment with its filters, live
 * updates and audit, open / resolved, the customer's typing, the side panel and search passages.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../fakes/llm-server.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import {
  adminFetch,
  type JoinedCustomer,
  joinThroughLink,
  nextMessage,
  request,
} from '../helpers/chat-client.js';

let app: TestApp;
let llm: FakeLlm;
let owner: string;
let agent: string;
let agentId: string;
let linkToken: string;
const sockets: Socket[] = [];

const call = (cookie: string, method: string, path: string, body?: unknown) =>
  adminFetch(app.url, cookie, path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function loginAs(email: string, password: string): Promise<string> {
  const response = await fetch(`${app.url}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

function connectAdmin(cookie: string): Promise<Socket> {
  const socket = io(`${app.url}/admin`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
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

async function customer(name: string): Promise<JoinedCustomer & { say(text: string): Promise<void> }> {
  const joined = await joinThroughLink(app.url, linkToken, name);
  sockets.push(joined.socket);
  let n = 0;
  const say = async (text: string) => {
    const sent = await request(joined.socket, 'send', {
      conversationId: joined.conversationId,
      text,
      clientMessageId: `${name}-${n++}`,
    });
    if (!sent.ok) throw new Error(sent.error.message);
    await app.kora.engine.idle();
  };
  return { ...joined, say };
}

type Row = {
  id: string;
  inbox: { unread: number; lastMessage: { text: string; senderType: string } | null };
};
const rowOf = async (cookie: string, id: string, query = '') =>
  ((await call(cookie, 'GET', `/api/admin/conversations?limit=100${query}`)).body.items as Row[]).find(
    (item) => item.id === id,
  );

beforeAll(async () => {
  llm = await startFakeLlm({ text: 'Bonjour, je suis là.' });
  app = await startTestApp({
    env: {
      AI_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `${llm.url}/v1`,
      OPENAI_MODEL: 'm',
    },
  });
  owner = await app.login();
  const created = await call(owner, 'POST', '/api/admin/users', {
    email: 'ann@example.com',
    name: 'Ann Agent',
    password: 'a long agent password',
    role: 'agent',
  });
  agentId = created.body.id;
  agent = await loginAs('ann@example.com', 'a long agent password');
  linkToken = (await call(owner, 'POST', '/api/admin/links', { name: 'Site', mode: 'standard' })).body.token;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
  await llm?.close();
});

describe('inbox rows', () => {
  it('shows the newest message and each agent’s own unread count, cleared by opening', async () => {
    const c = await customer('Aïcha');
    await c.say('Bonjour, une question sur le yoga');
    await c.say(`Et aussi ${'x'.repeat(300)}`);
    const row = await rowOf(owner, c.conversationId);
    expect(row?.inbox.lastMessage?.senderType).toBe('assistant');
    expect(row?.inbox.unread).toBe(2);
    expect((await call(owner, 'GET', '/api/admin/inbox/unread')).body.count).toBeGreaterThanOrEqual(1);
    expect((await call(owner, 'POST', `/api/admin/conversations/${c.conversationId}/read`)).status).toBe(204);
    expect((await rowOf(owner, c.conversationId))?.inbox.unread).toBe(0);
    expect((await rowOf(agent, c.conversationId))?.inbox.unread).toBe(2);
    const before = (await call(owner, 'GET', '/api/admin/inbox/unread')).body.count;
    await c.say('Encore moi');
    expect((await rowOf(owner, c.conversationId))?.inbox.unread).toBe(1);
    expect((await call(owner, 'GET', '/api/admin/inbox/unread')).body.count).toBe(before + 1);
    expect((await call(owner, 'POST', '/api/admin/conversations/nope/read')).status).toBe(404);
  });
});

describe('private notes', () => {
  it('keeps a note from the customer, the channel, the AI and the member’s unread count', async () => {
    const c = await customer('Bruno');
    await c.say('Bonjour');
    const panel = await connectAdmin(owner);
    const live = next<{ message: { text: string; kind?: string } }>(
      panel,
      'message',
      (e) => e.message.kind === 'note',
    );
    let leaked = false;
    c.socket.on('message', (event: { message: { text: string } }) => {
      if (event.message.text.includes('SECRET-NOTE')) leaked = true;
    });
    const posted = await call(agent, 'POST', `/api/admin/conversations/${c.conversationId}/notes`, {
      text: 'SECRET-NOTE: VIP, prix spécial',
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ kind: 'note', sender: { type: 'coach', name: 'Ann Agent' } });
    expect((await live).message.text).toContain('SECRET-NOTE');
    // The coach's thread has it; the member's history and conversation list do not.
    const thread = await call(owner, 'GET', `/api/admin/conversations/${c.conversationId}/messages`);
    expect(thread.body.items.map((m: { text: string }) => m.text)).toContain(
      'SECRET-NOTE: VIP, prix spécial',
    );
    const history = await request<{ messages: { text: string }[] }>(c.socket, 'history', {
      conversationId: c.conversationId,
    });
    expect(history.ok).toBe(true);
    expect(history.ok && history.messages.map((m) => m.text)).toContain('Bonjour');
    expect(history.ok && history.messages.some((m) => m.text.includes('SECRET-NOTE'))).toBe(false);
    const list = await request<{ conversations: { lastMessage: { text: string } | null; unread: number }[] }>(
      c.socket,
      'conversations',
      {},
    );
    expect(JSON.stringify(list)).not.toContain('SECRET-NOTE');
    // No outbox entry, nothing queued: it never goes to a channel.
    const note = await app.kora.store.messages.get(posted.body.id);
    expect(note?.status).toBe('received');
    // The AI's next prompt does not carry it.
    const answered = nextMessage(c.socket, (m) => m.sender.type === 'assistant');
    await c.say('Et le prix ?');
    await answered;
    expect(JSON.stringify(llm.requests.at(-1)!.body)).not.toContain('SECRET-NOTE');
    expect(leaked).toBe(false);
    // The row preview stays the conversation's newest message.
    expect((await rowOf(owner, c.conversationId))?.inbox.lastMessage?.text).not.toContain('SECRET-NOTE');
    expect(
      (await call(owner, 'POST', `/api/admin/conversations/${c.conversationId}/notes`, { text: '  ' })).body
        .error.field,
    ).toBe('text');
  });
});

describe('assignment and status', () => {
  it('assigns live to other panels, filters mine / unassigned, and audits it', async () => {
    const c = await customer('Chloé');
    await c.say('Allô');
    const ownerPanel = await connectAdmin(owner);
    const told = next<{ conversationId: string; summary: { assigneeId: string } }>(
      ownerPanel,
      'inbox',
      (e) => e.conversationId === c.conversationId,
    );
    const assigned = await call(agent, 'POST', `/api/admin/conversations/${c.conversationId}/assign`, {
      userId: agentId,
    });
    expect(assigned.body.assigneeId).toBe(agentId);
    expect((await told).summary.assigneeId).toBe(agentId);
    expect(await rowOf(agent, c.conversationId, '&assignee=me')).toBeDefined();
    expect(await rowOf(owner, c.conversationId, '&assignee=me')).toBeUndefined();
    expect(await rowOf(owner, c.conversationId, '&assignee=none')).toBeUndefined();
    const unknown = await call(agent, 'POST', `/api/admin/conversations/${c.conversationId}/assign`, {
      userId: 'x',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('userId');
    const audit = await call(owner, 'GET', '/api/admin/audit-log');
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ action: 'conversations.assign', target: c.conversationId, userId: agentId }),
    );
    const agents = await call(agent, 'GET', '/api/admin/inbox/agents');
    expect(agents.body.items.map((u: { name: string }) => u.name)).toContain('Ann Agent');
  });

  it('resolves once whatever arrives at once, and the customer writing reopens it', async () => {
    const c = await customer('Dan');
    await c.say('Merci !');
    const path = `/api/admin/conversations/${c.conversationId}/status`;
    const panel = await connectAdmin(agent);
    const told = next<{ change: string; summary: { status: string } }>(
      panel,
      'inbox',
      (e) => e.change === 'status',
    );
    const all = await Promise.all(
      Array.from({ length: 5 }, () => call(owner, 'POST', path, { status: 'resolved' })),
    );
    expect(all.every((r) => r.body.status === 'resolved')).toBe(true);
    expect((await told).summary.status).toBe('resolved');
    const audit = await call(owner, 'GET', '/api/admin/audit-log?limit=100');
    const entries = audit.body.items.filter(
      (e: { action: string; target: string }) =>
        e.action === 'conversations.status' && e.target === c.conversationId,
    );
    expect(entries).toHaveLength(1);
    expect(await rowOf(owner, c.conversationId, '&status=resolved')).toBeDefined();
    await c.say('En fait, encore une question');
    expect(await rowOf(owner, c.conversationId, '&status=resolved')).toBeUndefined();
    expect(await rowOf(owner, c.conversationId, '&status=open')).toBeDefined();
    expect((await call(owner, 'POST', path, { status: 'done' })).body.error.field).toBe('status');
  });
});

describe('the customer beside the thread', () => {
  it('tells the panel the customer is typing', async () => {
    const c = await customer('Eva');
    const panel = await connectAdmin(agent);
    const typing = next<{ conversationId: string; name: string }>(
      panel,
      'typing',
      (e) => e.conversationId === c.conversationId,
    );
    c.socket.emit('typing', { conversationId: c.conversationId });
    expect((await typing).name).toBe('Eva');
  });

  it('shows channels, tags, notes, campaigns received and payment clicks', async () => {
    const c = await customer('Fanny');
    await c.say('Bonjour');
    const contactId = (await app.kora.store.conversations.get(c.conversationId))!.contactId!;
    await call(owner, 'PATCH', `/api/admin/contacts/${contactId}`, { tags: ['vip'] });
    await call(owner, 'POST', `/api/admin/conversations/${c.conversationId}/notes`, {
      text: 'Préfère le matin',
    });
    await app.kora.store.trackedLinks.create({
      id: 'pay1',
      conversationId: c.conversationId,
      url: 'https://pay.example.com/x',
      clicks: 0,
      createdAt: new Date().toISOString(),
      lastClickAt: null,
    });
    await fetch(`${app.url}/p/pay1`, { redirect: 'manual' });
    const campaign = await call(owner, 'POST', '/api/admin/campaigns', {
      name: 'Rentrée',
      message: 'Bonjour {firstName}',
      targets: [{ type: 'contact', id: contactId }],
      channels: ['web'],
      schedule: null,
    });
    await call(owner, 'POST', `/api/admin/campaigns/${campaign.body.id}/launch`);
    await expect
      .poll(
        async () =>
          (await call(owner, 'GET', `/api/admin/conversations/${c.conversationId}/contact`)).body.campaigns
            .length,
      )
      .toBe(1);
    const panel = (await call(owner, 'GET', `/api/admin/conversations/${c.conversationId}/contact`)).body;
    expect(panel.contact).toMatchObject({ name: 'Fanny', tags: ['vip'] });
    expect(panel.identities.map((i: { channel: string }) => i.channel)).toEqual(['web']);
    expect(panel.notes.map((n: { text: string }) => n.text)).toEqual(['Préfère le matin']);
    expect(panel.campaigns[0]).toMatchObject({ name: 'Rentrée', channel: 'web' });
    expect(panel.payments).toEqual([
      expect.objectContaining({ url: 'https://pay.example.com/x', clicks: 1 }),
    ]);
    // Campaigns are the owner's: an agent's panel leaves them out.
    const agentView = (await call(agent, 'GET', `/api/admin/conversations/${c.conversationId}/contact`)).body;
    expect(agentView.campaigns).toEqual([]);
  });

  it('gives each search result the passage it matched', async () => {
    const c = await customer('Gaël');
    await c.say(
      `${'Blabla '.repeat(30)}je voudrais réserver le cours de Pilâtes du mardi soir ${'etc '.repeat(40)}`,
    );
    const found = await call(
      owner,
      'GET',
      `/api/admin/conversations?query=${encodeURIComponent('pilates mardi')}`,
    );
    const row = found.body.items.find((item: { id: string }) => item.id === c.conversationId);
    expect(row.match.text).toContain('Pilâtes du mardi');
    expect(row.match.text.length).toBeLessThan(220);
    expect(row.match.text.startsWith('…')).toBe(true);
  });
});
