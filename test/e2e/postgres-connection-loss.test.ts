/**
 * An app on PostgreSQL whose every connection the server ends (what a restart or a failover does to
 * the store's pool, socket.io's LISTEN client and Agenda's): the process goes on, reconnects, and a
 * customer's message still reaches the coach's socket.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, type JoinedCustomer, joinThroughLink } from '../helpers/chat-client.js';
import { endConnections, withPostgresDatabase } from '../helpers/postgres.js';

const database = await withPostgresDatabase();
let app: TestApp;
let cookie: string;
let customer: JoinedCustomer;
let coach: Socket;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  if (!database) return;
  process.on('uncaughtException', onUncaught);
  app = await startTestApp({
    env: {
      DATABASE_URL: database.url,
      SECRET_KEY: 'a-secret-key-for-the-restart-test-0123456789',
      AI_PROVIDER: 'offline',
    },
  });
  cookie = await app.login();
  const link = await adminFetch(app.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({ name: 'Site', mode: 'standard' }),
  });
  customer = await joinThroughLink(app.url, link.body.token, 'Aïcha');
  coach = io(`${app.url}/admin`, { extraHeaders: { cookie }, transports: ['websocket'], forceNew: true });
  await new Promise((resolve, reject) => {
    coach.once('connect', () => resolve(undefined));
    coach.once('connect_error', reject);
  });
});

afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  coach?.close();
  customer?.socket.close();
  await app?.stop();
});

describe.runIf(database)('an app whose PostgreSQL connections are ended', () => {
  it('goes on: no uncaught error, and a message sent afterwards reaches the coach live', async () => {
    expect(await endConnections(database!.url)).toBeGreaterThan(2); // store, socket.io LISTEN, Agenda
    // The adapter's LISTEN client and Agenda's reconnect by themselves; give them a moment.
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      health = (await fetch(`${app.url}/healthz`)).status;
    }
    expect(health).toBe(200);
    const seen = new Promise<{ text: string }>((resolve) => {
      coach.on('message', (payload: { message: { text: string } }) => {
        if (payload.message.text === 'Toujours là ?') resolve(payload.message);
      });
    });
    let sent: { message?: { id: string } } = {};
    for (let i = 0; i < 5 && !sent.message; i++) {
      sent = await customer.socket
        .timeout(5_000)
        .emitWithAck('send', {
          conversationId: customer.conversationId,
          text: 'Toujours là ?',
          clientMessageId: 'after-restart',
        })
        .catch(() => ({}));
    }
    expect(sent.message?.id).toBeTruthy();
    expect((await seen).text).toBe('Toujours là ?');
    expect(uncaught).toEqual([]);
  });
});
