/**
 * Two apps (A and B) on one PostgreSQL database with a model behind the fake LLM server: the messages
 * of one conversation reach both at once (a member with a tab on each), and the model is never asked
 * twice at the same time for one conversation (the turn's lease in the database, core/turn-lease.ts).
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLlm, type RecordedRequest, startFakeLlm } from '../fakes/llm-server.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, connectChat, joinThroughLink, request } from '../helpers/chat-client.js';
import { withPostgresDatabase } from '../helpers/postgres.js';
import { waitFor } from '../helpers/wait.js';

const database = await withPostgresDatabase();
let llm: FakeLlm;
let a: TestApp;
let b: TestApp;
let linkToken: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  if (!database) return;
  llm = await startFakeLlm({ text: 'Bien reçu.' });
  const env = {
    DATABASE_URL: database.url,
    SECRET_KEY: 'a-secret-key-shared-by-both-replicas-0123456789',
    AI_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test-123',
    OPENAI_BASE_URL: `${llm.url}/v1`,
    OPENAI_MODEL: 'gpt-test',
  };
  // No reply window: every message starts a turn at once, on the process it reached.
  [a, b] = await Promise.all([startTestApp({ env }), startTestApp({ env })]);
  const cookie = await a.login();
  const created = await adminFetch(a.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({ name: 'Site', mode: 'standard' }),
  });
  linkToken = created.body.token;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await llm?.close();
});

/** Which conversation a model request is for: the newest "of burst N" its turns mention. */
function burstOf(recorded: RecordedRequest): number {
  const text = JSON.stringify(recorded.body);
  const found = [...text.matchAll(/of burst (\d+)/g)].at(-1);
  return found ? Number(found[1]) : -1;
}

describe.skipIf(!database)('turns of one conversation across two processes', () => {
  it('never calls the model twice at once for one conversation, and answers its newest message', async () => {
    const BURSTS = 3;
    const PER_BURST = 6;
    const inFlight = new Map<number, number>();
    const most = new Map<number, number>();
    llm.respondWith(async (recorded) => {
      const burst = burstOf(recorded);
      inFlight.set(burst, (inFlight.get(burst) ?? 0) + 1);
      most.set(burst, Math.max(most.get(burst) ?? 0, inFlight.get(burst)!));
      await new Promise((resolve) => setTimeout(resolve, 150));
      inFlight.set(burst, inFlight.get(burst)! - 1);
      return { text: `Réponse pour ${burst}.` };
    });
    const customers = await Promise.all(
      Array.from({ length: BURSTS }, (_, i) => joinThroughLink(a.url, linkToken, `Client ${i}`)),
    );
    const tabs = await Promise.all(
      customers.map(async (customer) => {
        sockets.push(customer.socket);
        const other = await connectChat(b.url, customer.member.token);
        sockets.push(other);
        return [customer.socket, other] as const;
      }),
    );
    const acks = await Promise.all(
      customers.flatMap((customer, i) =>
        Array.from({ length: PER_BURST }, (_, k) =>
          request(tabs[i]![k % 2]!, 'send', {
            conversationId: customer.conversationId,
            clientMessageId: `turn-${i}-${k}`,
            text: `message ${k} of burst ${i}`,
          }),
        ),
      ),
    );
    expect(acks.filter((ack) => !ack.ok)).toEqual([]);
    for (const customer of customers) {
      await waitFor(async () => {
        await Promise.all([a.kora.engine.idle(), b.kora.engine.idle()]);
        const [newest] = await a.kora.store.messages.list(customer.conversationId, { limit: 1 });
        return newest?.sender.type === 'assistant';
      }, 15_000);
    }
    const calls = llm.requests.map(burstOf);
    for (let i = 0; i < BURSTS; i++) {
      expect(calls.filter((burst) => burst === i).length, `burst ${i}`).toBeGreaterThan(0);
      expect(most.get(i), `burst ${i}: model calls at once`).toBe(1);
    }
  });
});
