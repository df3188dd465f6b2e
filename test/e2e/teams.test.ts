/**
 * Microsoft Teams end to end: the app booted on the embedded store with the real Agents SDK, against
 * the fake Bot Framework on 127.0.0.1 (OpenID metadata + JWKS whose RSA key signs the test tokens, the
 * token endpoint, the Bot Connector). Activities are signed and posted as the Bot Connector does.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../core/types.js';
import {
  type FakeBotFramework,
  postActivity,
  startFakeBotFramework,
  teamsMessage,
} from '../fakes/bot-framework.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';

let bf: FakeBotFramework;
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  bf = await startFakeBotFramework();
  app = await startTestApp({
    env: {
      MICROSOFT_APP_ID: bf.appId,
      MICROSOFT_APP_PASSWORD: bf.appPassword,
      MICROSOFT_APP_TENANT_ID: 'botframework.com',
      MICROSOFT_OPENID_METADATA_URL: bf.openIdMetadataUrl,
      MICROSOFT_LOGIN_URL: bf.url,
    },
  });
  cookie = await app.login();
});

afterAll(async () => {
  await app?.stop();
  await bf?.close();
});

const newConversationId = () => `a:${randomUUID()}`;

/** Posts a signed activity and waits until the engine answered and the outbox sent what it queued. */
async function send(activity: ReturnType<typeof teamsMessage>, token = bf.sign()) {
  const response = await postActivity(app.url, activity, token);
  await app.kora.engine.idle();
  await settled(activity.conversation.id);
  return response;
}

async function conversationOf(chatId: string): Promise<Conversation | null> {
  return (
    (await app.kora.store.conversations.findLatestByExternalChat('teams', chatId)) ??
    (await app.kora.store.conversations.findByExternalChat('teams', chatId, 'group'))
  );
}

async function settled(chatId: string) {
  const conversation = await conversationOf(chatId);
  if (!conversation) return;
  await waitFor(async () => {
    const messages = await app.kora.store.messages.list(conversation.id, { limit: 100 });
    return messages.every((m) => m.status !== 'queued');
  });
}

const postedTo = (chatId: string) => bf.posted.filter((p) => p.conversationId === chatId);

async function createLink(mode: 'standard' | 'strict') {
  const created = await adminFetch(app.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({
      name: `Teams ${mode}`,
      mode,
      ...(mode === 'strict' ? { customPrompt: 'Tu présentes l’atelier, sans prix.' } : {}),
    }),
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; code: string; urls: { teams?: string } };
}

describe('Teams personal chats', () => {
  it.each(['strict', 'standard'] as const)(
    'the deep link carries the code; its first message opens a %s conversation answered via the connector',
    async (mode) => {
      const link = await createLink(mode);
      expect(link.urls.teams).toBe(
        `https://teams.microsoft.com/l/chat/0/0?users=28:${bf.appId}&message=${link.code}`,
      );
      const chatId = newConversationId();
      const response = await send(teamsMessage(bf, { conversationId: chatId, text: link.code }));
      expect(response.status).toBe(200);
      const conversation = await conversationOf(chatId);
      expect(conversation).toMatchObject({ kind: 'assistant', mode, linkId: link.id, channel: 'teams' });
      const replies = postedTo(chatId);
      expect(replies.length).toBe(1);
      expect(replies[0]!.activity).toMatchObject({ type: 'message', conversation: { id: chatId } });
      const stored = await app.kora.store.messages.list(conversation!.id, { limit: 10 });
      const answer = stored.find((m) => m.sender.type === 'assistant');
      expect(answer?.status).toBe('sent');
      expect(replies[0]!.activity.text).toBe(answer?.text);
    },
  );
});
