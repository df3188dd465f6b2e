/**
 * Two apps (A and B) on one PostgreSQL database with WhatsApp through one fake Twilio: a delivery
 * report that reaches B before A has recorded its send is held in the database, so A applies it even
 * though B is gone by then (issue 17: acknowledged work survives the process that acknowledged it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeTwilio,
  postTwilioWebhook,
  startFakeTwilio,
  statusCallback,
  whatsappInbound,
} from '../fakes/twilio-api.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { withPostgresDatabase } from '../helpers/postgres.js';
import { PUBLIC_URL } from '../helpers/twilio-app.js';
import { waitFor } from '../helpers/wait.js';

const database = await withPostgresDatabase();
const BUSINESS = 'whatsapp:+41791112233';
let twilio: FakeTwilio;
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  if (!database) return;
  twilio = await startFakeTwilio();
  const env = {
    DATABASE_URL: database.url,
    SECRET_KEY: 'a-secret-key-shared-by-both-replicas-0123456789',
    PUBLIC_URL,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_API_BASE_URL: twilio.url,
    TWILIO_WHATSAPP_FROM: BUSINESS,
  };
  [a, b] = await Promise.all([startTestApp({ env }), startTestApp({ env })]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await twilio?.close();
});

const on = (app: TestApp) => ({ appUrl: app.url, publicUrl: PUBLIC_URL, authToken: twilio.authToken });

describe.skipIf(!database)('early delivery reports across processes', () => {
  it('a report acknowledged by B before A recorded the send is applied by A after B is gone', async () => {
    let acknowledged = 0;
    // Twilio calls back B before it answers A's create; B acknowledges, then B dies.
    twilio.beforeAnswer(async (message) => {
      twilio.beforeAnswer(null);
      const response = await postTwilioWebhook(
        on(b),
        '/webhooks/twilio/status',
        statusCallback(message, 'delivered'),
      );
      acknowledged = response.status;
      await b.stop();
    });
    const inbound = whatsappInbound(twilio.accountSid, '+41790000001', BUSINESS, 'Bonjour');
    expect((await postTwilioWebhook(on(a), '/webhooks/twilio', inbound)).status).toBe(200);
    const [sent] = await twilio.waitForSent(1);
    const reply = await waitFor(async () => {
      const conversation = await a.kora.store.conversations.findLatestByExternalChat(
        'whatsapp',
        '+41790000001',
      );
      const messages = conversation ? await a.kora.store.messages.list(conversation.id, { limit: 10 }) : [];
      const answer = messages.find((m) => m.sender.type === 'assistant');
      return answer?.status === 'delivered' && answer;
    });
    expect(acknowledged).toBe(204);
    expect(reply.externalId).toBe(sent!.sid);
    expect(await a.kora.store.earlyReports.take('whatsapp', sent!.sid, new Date().toISOString())).toBeNull();
  });
});
