import { afterAll, describe, expect, it } from 'vitest';
import { createUlidGenerator } from '../../core/ids.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { customerOfYogaOffer } from '../helpers/chat-client.js';

let app: TestApp;

afterAll(async () => {
  await app?.stop();
});

describe('a stop between storing a message and answering it', () => {
  it('answers the stored message at the next start', async () => {
    app = await startTestApp();
    const cookie = await app.login();
    const joined = await customerOfYogaOffer(app.url, cookie, 'Inès');
    joined.socket.close();

    // What a crash leaves behind: the customer's message stored (with its conversation's activity),
    // its assistant turn never run.
    const now = new Date().toISOString();
    await app.kora.store.messages.insert({
      id: createUlidGenerator().next(),
      conversationId: joined.conversationId,
      sender: { type: 'contact', id: joined.member.id, name: 'Inès' },
      text: 'Combien coûte le cours de yoga ?',
      channel: 'web',
      status: 'received',
      createdAt: now,
    });
    await app.kora.store.conversations.update(joined.conversationId, { lastMessageAt: now, updatedAt: now });

    app = await app.restart();
    const deadline = Date.now() + 5_000;
    let history = await app.kora.store.messages.list(joined.conversationId, { limit: 10 });
    while (history.at(-1)?.sender.type !== 'assistant' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      history = await app.kora.store.messages.list(joined.conversationId, { limit: 10 });
    }
    expect(history.map((m) => m.sender.type)).toEqual(['contact', 'assistant']);
    expect(history[1]?.text).toContain('120 CHF');
  });
});
