/** Issue 19: the coach's typing and reading, as the customer sees them in the web chat. */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, type JoinedCustomer, joinThroughLink, request } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
let coach: Socket;
let ana: JoinedCustomer;
let ben: JoinedCustomer;
let coachName: string;

function connectAdmin(): Promise<Socket> {
  const socket = io(`${app.url}/admin`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Every `event` the socket receives from now on. */
function record<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  app = await startTestApp({ env: { AI_PROVIDER: 'offline' } });
  cookie = await app.login();
  coachName = (await adminFetch(app.url, cookie, '/api/admin/auth/me')).body.user.name;
  const link = await adminFetch(app.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({ name: 'Site', mode: 'standard' }),
  });
  ana = await joinThroughLink(app.url, link.body.token, 'Ana');
  ben = await joinThroughLink(app.url, link.body.token, 'Ben');
  coach = await connectAdmin();
});

afterAll(async () => {
  coach?.close();
  ana?.socket.close();
  ben?.socket.close();
  await app?.stop();
});

describe("the coach's typing", () => {
  it('reaches the members of that conversation only, once per 1.5 s whatever the panel sends', async () => {
    const anaSees = record<{ conversationId: string; member: { id: string; name: string } }>(
      ana.socket,
      'typing',
    );
    const benSees = record(ben.socket, 'typing');
    const acks = await Promise.all(
      Array.from({ length: 5 }, () =>
        coach.timeout(5_000).emitWithAck('typing', { conversationId: ana.conversationId }),
      ),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    await pause(300);
    expect(anaSees).toEqual([
      {
        conversationId: ana.conversationId,
        member: { id: expect.stringMatching(/^coach:/), name: coachName },
        coach: true,
      },
    ]);
    expect(benSees).toEqual([]);
  });

  it('refuses a conversation the coach cannot see, and a malformed payload', async () => {
    const unknown = await coach.timeout(5_000).emitWithAck('typing', { conversationId: 'nope' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const malformed = await coach.timeout(5_000).emitWithAck('typing', { conversation: 1 });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });
});

describe("the coach's reading", () => {
  const readBy = (conversationId: string, messageId: string) =>
    adminFetch(app.url, cookie, `/api/admin/conversations/${conversationId}/read`, {
      method: 'POST',
      body: JSON.stringify({ messageId }),
    });

  it('turns the customer message to read live and after a reload, never back', async () => {
    const first = await request<{ message: { id: string } }>(ana.socket, 'send', {
      conversationId: ana.conversationId,
      text: 'Bonjour',
      clientMessageId: 'r1',
    });
    const second = await request<{ message: { id: string } }>(ana.socket, 'send', {
      conversationId: ana.conversationId,
      text: 'Vous êtes là ?',
      clientMessageId: 'r2',
    });
    if (!first.ok || !second.ok) throw new Error('send refused');
    await app.kora.engine.idle();
    const before = await request<{ readUpTo: string | null }>(ana.socket, 'history', {
      conversationId: ana.conversationId,
    });
    expect(before.ok && before.readUpTo).toBeNull();
    const reads = record<{ memberId: string; messageId: string }>(ana.socket, 'read');
    const benReads = record(ben.socket, 'read');
    const [late, early] = await Promise.all([
      readBy(ana.conversationId, second.message.id),
      readBy(ana.conversationId, first.message.id),
    ]);
    expect(late.status).toBe(200);
    expect(early.status).toBe(200);
    await pause(300);
    expect(reads.at(-1)).toEqual({
      conversationId: ana.conversationId,
      memberId: 'coach',
      messageId: second.message.id,
    });
    expect(benReads).toEqual([]);
    const after = await request<{ readUpTo: string | null }>(ana.socket, 'history', {
      conversationId: ana.conversationId,
    });
    expect(after.ok && after.readUpTo).toBe(second.message.id);
    expect((await readBy(ana.conversationId, first.message.id)).body).toEqual({ moved: false });
  });

  it('refuses a message of another conversation, naming the field', async () => {
    const other = await request<{ message: { id: string } }>(ben.socket, 'send', {
      conversationId: ben.conversationId,
      text: 'Salut',
      clientMessageId: 'b1',
    });
    if (!other.ok) throw new Error('send refused');
    const refused = await readBy(ana.conversationId, other.message.id);
    expect(refused.status).toBe(404);
    expect(refused.body.error.field).toBe('messageId');
  });
});
