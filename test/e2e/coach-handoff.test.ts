import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import {
  adminFetch,
  customerOfYogaOffer,
  joinThroughLink,
  nextMessage,
  request,
} from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
let socket: Socket;
let conversationId: string;

const post = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login();
  ({ socket, conversationId } = await customerOfYogaOffer(app.url, cookie, 'Aïcha'));
});

afterAll(async () => {
  socket?.close();
  await app?.stop();
});

async function say(text: string, id: string) {
  const sent = await request(socket, 'send', { conversationId, text, clientMessageId: id });
  if (!sent.ok) throw new Error(sent.error.message);
  await app.kora.engine.idle();
}

describe('handoff and the coach', () => {
  it('lists a conversation whose customer asked for a person among the handoffs', async () => {
    const told = nextMessage(socket, (m) => m.sender.type === 'assistant');
    await say('Je veux parler au coach', 'h1');
    expect((await told).text).toMatch(/coach/i);
    const waiting = await adminFetch(app.url, cookie, '/api/admin/conversations?handoff=true');
    expect(waiting.body.items.map((c: { id: string }) => c.id)).toContain(conversationId);
    const others = await adminFetch(app.url, cookie, '/api/admin/conversations?handoff=false');
    expect(others.body.items.map((c: { id: string }) => c.id)).not.toContain(conversationId);
  });

  it('keeps the assistant silent while handed off', async () => {
    await say('Le yoga coûte combien ?', 'h2');
    const messages = await adminFetch(app.url, cookie, `/api/admin/conversations/${conversationId}/messages`);
    expect(messages.body.items.map((m: { sender: { type: string } }) => m.sender.type)).toEqual([
      'contact',
      'assistant',
      'contact',
    ]);
  });

  it('delivers the coach answer live to the customer', async () => {
    const live = nextMessage(socket, (m) => m.sender.type === 'coach');
    const answered = await post(`/api/admin/conversations/${conversationId}/messages`, {
      text: 'Bonjour Aïcha, je suis là !',
    });
    expect(answered.status).toBe(201);
    const message = await live;
    expect(message.text).toBe('Bonjour Aïcha, je suis là !');
    expect(message.sender.name).toBeTruthy();
  });

  it('lets the assistant answer again once the coach hands the conversation back', async () => {
    const back = await post(`/api/admin/conversations/${conversationId}/handoff`, { active: false });
    expect(back.body.handoff).toBe(false);
    const answer = nextMessage(socket, (m) => m.sender.type === 'assistant');
    await say('Le yoga coûte combien ?', 'h3');
    expect((await answer).text).toContain('120 CHF');
  });

  it('takes the conversation over when the coach answers', async () => {
    await post(`/api/admin/conversations/${conversationId}/messages`, { text: 'Je reprends la main.' });
    expect((await app.kora.store.conversations.get(conversationId))?.handoff).toBe(true);
  });

  it('refuses bad input with the field named, and unknown conversations', async () => {
    const empty = await post(`/api/admin/conversations/${conversationId}/messages`, { text: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('text');
    const notBool = await post(`/api/admin/conversations/${conversationId}/handoff`, { active: 'yes' });
    expect(notBool.body.error.field).toBe('active');
    expect((await post('/api/admin/conversations/nope/messages', { text: 'hi' })).status).toBe(404);
    expect((await adminFetch(app.url, cookie, '/api/admin/conversations?kind=weird')).body.error.field).toBe(
      'kind',
    );
  });

  it('answers messages sent within the configured reply window together', async () => {
    const saved = await adminFetch(app.url, cookie, '/api/admin/assistant', {
      method: 'PUT',
      body: JSON.stringify({ replyWindowMs: 400 }),
    });
    expect(saved.body.replyWindowMs).toBe(400);
    const link = await post('/api/admin/links', { name: 'Window', mode: 'standard' });
    const joined = await joinThroughLink(app.url, link.body.token, 'Léo');
    const visitor = joined.socket;
    try {
      const replies: string[] = [];
      visitor.on('message', (event: { message: { sender: { type: string }; text: string } }) => {
        if (event.message.sender.type === 'assistant') replies.push(event.message.text);
      });
      for (const [i, text] of ['Bonjour', 'une question', 'le yoga coûte combien ?'].entries()) {
        const sent = await request(visitor, 'send', {
          conversationId: joined.conversationId,
          text,
          clientMessageId: `rw${i}`,
        });
        expect(sent.ok).toBe(true);
      }
      await app.kora.engine.idle();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(replies).toHaveLength(1);
      expect(replies[0]).toContain('120 CHF');
    } finally {
      visitor.close();
      await adminFetch(app.url, cookie, '/api/admin/assistant', {
        method: 'PUT',
        body: JSON.stringify({ replyWindowMs: 0 }),
      });
    }
  });
});
