/** The app with Teams on, against a fresh fake Bot Framework, and what Teams e2e tests do with it. */
import { randomUUID } from 'node:crypto';
import type { Conversation } from '../../core/types.js';
import {
  type FakeBotFramework,
  postActivity,
  startFakeBotFramework,
  type teamsMessage,
} from '../fakes/bot-framework.js';
import { startTestApp, type TestApp } from './app.js';
import { waitFor } from './wait.js';

export interface TeamsKit {
  bf: FakeBotFramework;
  app: TestApp;
  cookie: string;
  /** Posts a signed activity; resolves once the engine answered and the outbox sent what it queued. */
  send(activity: ReturnType<typeof teamsMessage>, token?: string): Promise<{ status: number; body: string }>;
  /** The conversation of a Teams conversation id (personal or group), or null. */
  conversationOf(chatId: string): Promise<Conversation | null>;
  settled(chatId: string): Promise<void>;
  /** The messages the connector accepted for that Teams conversation (typing indicators apart). */
  postedTo(chatId: string): FakeBotFramework['posted'];
  /** The typing indicators the connector accepted for that Teams conversation. */
  typingIn(chatId: string): FakeBotFramework['posted'];
  stop(): Promise<void>;
}

export const newPersonalChatId = () => `a:${randomUUID()}`;
export const newGroupChatId = () => `19:${randomUUID()}@thread.v2`;

export async function startTeamsApp(env: Record<string, string> = {}): Promise<TeamsKit> {
  const bf = await startFakeBotFramework();
  const app = await startTestApp({
    env: {
      MICROSOFT_APP_ID: bf.appId,
      MICROSOFT_APP_PASSWORD: bf.appPassword,
      MICROSOFT_APP_TENANT_ID: 'botframework.com',
      MICROSOFT_OPENID_METADATA_URL: bf.openIdMetadataUrl,
      MICROSOFT_LOGIN_URL: bf.url,
      ...env,
    },
  });
  const cookie = await app.login();

  async function conversationOf(chatId: string): Promise<Conversation | null> {
    return (
      (await app.kora.store.conversations.findLatestByExternalChat('teams', chatId)) ??
      (await app.kora.store.conversations.findByExternalChat('teams', chatId, 'group'))
    );
  }

  async function settled(chatId: string): Promise<void> {
    const conversation = await conversationOf(chatId);
    if (!conversation) return;
    await waitFor(async () => {
      const messages = await app.kora.store.messages.list(conversation.id, { limit: 100 });
      return messages.every((m) => m.status !== 'queued');
    });
  }

  return {
    bf,
    app,
    cookie,
    conversationOf,
    settled,
    async send(activity, token = bf.sign()) {
      const response = await postActivity(app.url, activity, token);
      await app.kora.engine.idle();
      await settled(activity.conversation.id);
      return response;
    },
    postedTo: (chatId) =>
      bf.posted.filter((p) => p.conversationId === chatId && p.activity.type !== 'typing'),
    typingIn: (chatId) =>
      bf.posted.filter((p) => p.conversationId === chatId && p.activity.type === 'typing'),
    async stop() {
      await app.stop();
      await bf.close();
    },
  };
}
