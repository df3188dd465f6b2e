/** Issue 19: "Lina (coach) joined the conversation" when a person takes a conversation over. */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryWindow } from '../../core/assistant/memory.js';
import type { Message } from '../../core/types.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, customerOfYogaOffer, nextMessage, request } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
let socket: Socket;
let conversationId: string;
let coachName: string;

const post = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });

type Shown = { sender: { type: string; id?: string; name: string }; text: string };

async function history(): Promise<Shown[]> {
  const answer = await request<{ messages: Shown[] }>(socket, 'history', { conversationId });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.messages;
}

const joinedLines = (messages: Shown[]) => messages.filter((m) => m.sender.type === 'system');

beforeAll(async () => {
  app = await startTestApp({ env: { AI_PROVIDER: 'offline' } });
  cookie = await app.login();
  coachName = (await adminFetch(app.url, cookie, '/api/admin/auth/me')).body.user.name;
  ({ socket, conversationId } = await customerOfYogaOffer(app.url, cookie, 'Aïcha'));
  const sent = await request(socket, 'send', { conversationId, text: 'Bonjour', clientMessageId: 'j1' });
  expect(sent.ok).toBe(true);
  await app.kora.engine.idle();
});

afterAll(async () => {
  socket?.close();
  await app?.stop();
});

describe('the coach joining a conversation', () => {
  it('shows the customer a system line live when the coach takes over, kept in history', async () => {
    const live = nextMessage(socket, (m) => m.sender.type === 'system');
    expect((await post(`/api/admin/conversations/${conversationId}/handoff`, { active: true })).status).toBe(
      200,
    );
    const line = (await live) as Shown;
    expect(line.sender).toEqual({ type: 'system', id: 'coach_joined', name: coachName });
    expect(line.text).toBe(`${coachName} (coach) joined the conversation`);
    expect(joinedLines(await history())).toHaveLength(1);
    const coachView = await adminFetch(
      app.url,
      cookie,
      `/api/admin/conversations/${conversationId}/messages`,
    );
    expect(joinedLines(coachView.body.items)).toHaveLength(1);
  });

  it('writes it once while the same coach stays in, whatever they do at once', async () => {
    const answers = await Promise.all([
      post(`/api/admin/conversations/${conversationId}/messages`, { text: 'Je suis là' }),
      post(`/api/admin/conversations/${conversationId}/handoff`, { active: true }),
      post(`/api/admin/conversations/${conversationId}/messages`, { text: 'Une question ?' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201, 201]);
    expect(joinedLines(await history())).toHaveLength(1);
  });

  it('joins again after handing back once the assistant has spoken', async () => {
    await post(`/api/admin/conversations/${conversationId}/handoff`, { active: false });
    const answered = nextMessage(socket, (m) => m.sender.type === 'assistant');
    await request(socket, 'send', { conversationId, text: 'Le yoga coûte combien ?', clientMessageId: 'j2' });
    await answered;
    await app.kora.engine.idle();
    const live = nextMessage(socket, (m) => m.sender.type === 'system');
    await post(`/api/admin/conversations/${conversationId}/messages`, { text: 'Je reprends' });
    expect((await live).text).toBe(`${coachName} (coach) joined the conversation`);
    const messages = await history();
    expect(joinedLines(messages)).toHaveLength(2);
    // The line comes before the coach's message it announces.
    const last = messages.slice(-2).map((m) => m.sender.type);
    expect(last).toEqual(['system', 'coach']);
  });

  it('never gives the joined line to the AI', async () => {
    const stored = (await adminFetch(app.url, cookie, `/api/admin/conversations/${conversationId}/messages`))
      .body.items as Message[];
    // The lines are in the conversation the assistant's memory is built from...
    expect(stored.filter((m) => m.sender.type === 'system')).toHaveLength(2);
    const turns = memoryWindow(stored, new Date(), { messages: 50, hours: 24 });
    // ...and never reach the model, neither as the customer's words nor as the assistant's.
    expect(turns.length).toBeGreaterThan(0);
    expect(turns.some((turn) => turn.content.includes('joined the conversation'))).toBe(false);
  });
});
