/**
 * Issue 19: the coach's title of an assistant conversation ("Sophie Martin · Instagram bio") names an
 * internal entry link; the web chat's `conversations` answer never carries it to the customer.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, request } from '../helpers/chat-client.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.stop();
});

it('sends the customer no title naming the entry link or its mode', async () => {
  const cookie = await app.login();
  const link = await adminFetch(app.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({ name: 'Instagram bio (standard)', mode: 'standard' }),
  });
  const customer = await joinThroughLink(app.url, link.body.token, 'Sophie Martin');
  try {
    // The coach still sees which link it came through.
    expect((await app.kora.store.conversations.get(customer.conversationId))?.title).toBe(
      'Sophie Martin · Instagram bio (standard)',
    );
    const listed = await request<{ conversations: { id: string; kind: string; title: string | null }[] }>(
      customer.socket,
      'conversations',
      {},
    );
    expect(listed.ok).toBe(true);
    const mine = listed.ok ? listed.conversations : [];
    expect(mine.map((conversation) => conversation.kind)).toEqual(['assistant']);
    expect(JSON.stringify(mine)).not.toMatch(/Instagram|standard/i);
  } finally {
    customer.socket.close();
  }
});
