/**
 * Opt-out by keyword over the web chat, through the whole app: STOP is confirmed and recorded without
 * the AI provider being asked, START opts back in, and the assistant answers questions again.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmationText } from '../../core/consent.js';
import { type FakeLlm, startFakeLlm } from '../fakes/llm-server.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, nextMessage, request } from '../helpers/chat-client.js';

let llm: FakeLlm;
let app: TestApp;
let socket: Socket;
let conversationId: string;

beforeAll(async () => {
  llm = await startFakeLlm({ text: 'Voici ce que je peux vous dire.' });
  app = await startTestApp({
    env: {
      AI_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test-123',
      OPENAI_BASE_URL: `${llm.url}/v1`,
      OPENAI_MODEL: 'gpt-test',
    },
  });
  const cookie = await app.login();
  const link = await adminFetch(app.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({ name: 'Site', mode: 'standard' }),
  });
  ({ socket, conversationId } = await joinThroughLink(app.url, link.body.token, 'Aïcha'));
});

afterAll(async () => {
  socket?.close();
  await app?.stop();
  await llm?.close();
});

/** Sends `text` and resolves with the assistant's next message. */
async function say(text: string, id: string): Promise<string> {
  const reply = nextMessage(socket, (m) => m.sender.type === 'assistant', 10_000);
  const sent = await request(socket, 'send', { conversationId, text, clientMessageId: id });
  if (!sent.ok) throw new Error(sent.error.message);
  const message = await reply;
  await app.kora.engine.idle();
  return message.text;
}

async function contactId(): Promise<string> {
  const conversation = await app.kora.store.conversations.get(conversationId);
  if (!conversation?.contactId) throw new Error('the conversation has no contact');
  return conversation.contactId;
}

describe('opt-out over the web chat', () => {
  it('confirms STOP, records the opt-out for the web channel and never asks the provider', async () => {
    expect(await say('STOP', 'o1')).toBe(confirmationText('stop', 'en'));
    const id = await contactId();
    expect(await app.kora.store.consents.get(id, 'web')).toMatchObject({ optedOut: true, channel: 'web' });
    expect(await app.kora.store.consents.listOptedOut('web')).toEqual([id]);
    expect(llm.requests).toHaveLength(0);
    const messages = await app.kora.store.messages.list(conversationId, { limit: 10 });
    expect(messages.map((m) => [m.sender.type, m.text])).toEqual([
      ['contact', 'STOP'],
      ['assistant', confirmationText('stop', 'en')],
    ]);
  });

  it('opts back in on START', async () => {
    expect(await say('Start', 'o2')).toBe(confirmationText('start', 'en'));
    expect(await app.kora.store.consents.get(await contactId(), 'web')).toMatchObject({ optedOut: false });
    expect(await app.kora.store.consents.listOptedOut('web')).toEqual([]);
    expect(llm.requests).toHaveLength(0);
  });

  it('answers a normal question through the provider afterwards', async () => {
    expect(await say('Quels cours proposez-vous ?', 'o3')).toBe('Voici ce que je peux vous dire.');
    expect(llm.requests).toHaveLength(1);
  });
});
