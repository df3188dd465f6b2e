import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, connectChat, joinThroughLink, nextMessage, request } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
let linkToken: string;
const sockets: Socket[] = [];

async function chat(token?: string) {
  const socket = await connectChat(app.url, token);
  sockets.push(socket);
  return socket;
}

async function joinedMember(name = 'Aïcha') {
  const joined = await joinThroughLink(app.url, linkToken, name);
  sockets.push(joined.socket);
  return joined;
}

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login();
  const offer = await adminFetch(app.url, cookie, '/api/admin/offers', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Cours de méditation',
      kind: 'course',
      description: 'Huit semaines pour apprendre à méditer.',
      price: 490,
      currency: 'CHF',
      paymentUrl: 'https://pay.example.com/meditation',
    }),
  });
  expect(offer.status).toBe(201);
  const link = await adminFetch(app.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({ name: 'Site', mode: 'standard' }),
  });
  expect(link.status).toBe(201);
  linkToken = link.body.token;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

describe('web chat /chat', () => {
  it('serves the chat page for a link and 404 for an unknown one', async () => {
    const page = await fetch(`${app.url}/c/${linkToken}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    expect((await fetch(`${app.url}/c/nope`)).status).toBe(404);
  });

  it('answers a price question with the offer price from the catalog', async () => {
    const { socket, conversationId } = await joinedMember();
    const answer = nextMessage(socket, (m) => m.sender.type === 'assistant');
    const sent = await request<{ message: { id: string; text: string; status: string } }>(socket, 'send', {
      conversationId,
      text: 'Combien coûte le cours de MEDITATION ?',
      clientMessageId: 'c-1',
    });
    expect(sent.ok).toBe(true);
    const reply = await answer;
    expect(reply.text).toContain('490 CHF');
    // The payment link is sent as a tracked link to the same page.
    const tracked = /(http\S+\/p\/[\w-]+)/.exec(reply.text)?.[1];
    expect(tracked?.startsWith(app.kora.config.publicUrl)).toBe(true);
    const click = await fetch(`${app.url}${new URL(tracked!).pathname}`, { redirect: 'manual' });
    expect(click.headers.get('location')).toBe('https://pay.example.com/meditation');
    expect(reply.status).toBe('sent');
  });

  it('stores one message for the same clientMessageId sent twice', async () => {
    const { socket, conversationId } = await joinedMember();
    const payload = { conversationId, text: 'Bonjour', clientMessageId: 'same-id' };
    const first = await request<{ message: { id: string } }>(socket, 'send', payload);
    const second = await request<{ message: { id: string } }>(socket, 'send', payload);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.message.id).toBe(first.message.id);
    await app.kora.engine.idle();
    const history = await request<{ messages: { text: string; sender: { type: string } }[] }>(
      socket,
      'history',
      {
        conversationId,
      },
    );
    if (!history.ok) throw new Error(history.error.message);
    expect(history.messages.filter((m) => m.sender.type === 'contact')).toHaveLength(1);
  });

  it("shows a member's message live in their other tabs", async () => {
    const { socket, conversationId, member } = await joinedMember('Noé');
    const otherTab = await chat(member.token);
    const echoed = nextMessage(otherTab, (m) => m.sender.type === 'contact');
    const sent = await request<{ message: { id: string } }>(socket, 'send', {
      conversationId,
      text: 'Depuis mon téléphone',
      clientMessageId: 'tab-1',
    });
    if (!sent.ok) throw new Error(sent.error.message);
    expect((await echoed).id).toBe(sent.message.id);
  });

  it('attaches a phone number or email the customer writes to their contact', async () => {
    const { socket, conversationId, member } = await joinedMember('Inès');
    await request(socket, 'send', {
      conversationId,
      text: 'Rappelez-moi au 079 123 45 67 ou ines@example.ch',
      clientMessageId: 'lead-1',
    });
    const contact = await app.kora.store.contacts.get(member.id);
    expect(contact).toMatchObject({ phone: '+41791234567', email: 'ines@example.ch' });
  });

  it('refuses bad payloads with the field named and stores nothing', async () => {
    const { socket, conversationId } = await joinedMember();
    const cases: [unknown, string][] = [
      [{ conversationId, text: 'x'.repeat(4097), clientMessageId: 'long' }, 'text'],
      [{ conversationId, text: '   ', clientMessageId: 'blank' }, 'text'],
      [{ conversationId, text: 'hi' }, 'clientMessageId'],
      [{ conversationId, text: 'hi', clientMessageId: 'x', admin: true }, 'admin'],
      [{ text: 'hi', clientMessageId: 'y' }, 'conversationId'],
      ['not an object', 'payload'],
    ];
    for (const [payload, field] of cases) {
      const response = await request(socket, 'send', payload);
      expect(response.ok).toBe(false);
      if (response.ok) continue;
      expect(response.error.code).toBe('validation_failed');
      expect(response.error.field).toBe(field);
    }
    const history = await request<{ messages: unknown[] }>(socket, 'history', { conversationId });
    expect(history.ok && history.messages).toEqual([]);
  });

  it('refuses a join through an unknown link and creates no member', async () => {
    const socket = await chat();
    const before = await app.kora.store.contacts.list({});
    const response = await request(socket, 'join', { link: 'unknown-link', name: 'Ghost' });
    expect(response).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await app.kora.store.contacts.list({})).total).toBe(before.total);
  });

  it("keeps a member out of other members' conversations", async () => {
    const alice = await joinedMember('Alice');
    const bob = await joinedMember('Bob');
    const peek = await request(bob.socket, 'history', { conversationId: alice.conversationId });
    expect(peek).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const post = await request(bob.socket, 'send', {
      conversationId: alice.conversationId,
      text: 'hello',
      clientMessageId: 'intrude',
    });
    expect(post).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const list = await request<{ conversations: { id: string }[] }>(bob.socket, 'conversations', {});
    expect(list.ok && list.conversations.map((c) => c.id)).toEqual([bob.conversationId]);
  });

  it('asks for a join before anything else', async () => {
    const socket = await chat();
    expect(await request(socket, 'conversations', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('rejects a forged member token at the handshake', async () => {
    const { member } = await joinedMember();
    const forged = `${member.id}.${'A'.repeat(43)}`;
    await expect(connectChat(app.url, forged)).rejects.toThrow('invalid_token');
  });

  it('limits a member to 10 messages in 10 seconds', async () => {
    const { socket, conversationId } = await joinedMember();
    const results = [];
    for (let i = 0; i < 11; i++) {
      results.push(
        await request(socket, 'send', { conversationId, text: `message ${i}`, clientMessageId: `r-${i}` }),
      );
    }
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true);
    expect(results[10]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});

describe('restart', () => {
  it('keeps the member, the conversation and its history', async () => {
    const { socket, conversationId, member } = await joinedMember('Zoé');
    const answer = nextMessage(socket, (m) => m.sender.type === 'assistant');
    await request(socket, 'send', {
      conversationId,
      text: 'Quel est le prix du cours ?',
      clientMessageId: 'p-1',
    });
    await answer;
    socket.close();
    app = await app.restart();
    const again = await chat(member.token);
    const list = await request<{
      conversations: { id: string; lastMessage: { sender: { type: string } } }[];
    }>(again, 'conversations', {});
    expect(list.ok && list.conversations.map((c) => c.id)).toEqual([conversationId]);
    const history = await request<{ messages: { text: string; sender: { type: string } }[] }>(
      again,
      'history',
      {
        conversationId,
      },
    );
    if (!history.ok) throw new Error(history.error.message);
    expect(history.messages.map((m) => m.sender.type)).toEqual(['contact', 'assistant']);
    expect(history.messages[1]?.text).toContain('490 CHF');
  });
});
