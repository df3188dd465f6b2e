/** SMS through Twilio, end to end against the fake Twilio REST API, with signed webhooks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../core/types.js';
import {
  type FakeTwilio,
  postTwilioWebhook,
  type SentMessage,
  smsInbound,
  statusCallback,
} from '../fakes/twilio-api.js';
import type { TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { refuseWrites } from '../helpers/store-fault.js';
import { PUBLIC_URL, startTwilioApp, type TwilioTestApp } from '../helpers/twilio-app.js';
import { waitFor } from '../helpers/wait.js';

const LONG_CODE = '+41445550000';

let kit: TwilioTestApp;
let twilio: FakeTwilio;
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  kit = await startTwilioApp({ TWILIO_SMS_FROM: LONG_CODE });
  ({ twilio, app, cookie } = kit);
});

afterAll(async () => {
  await kit?.stop();
});

const target = () => kit.target();

async function messagesOf(number: string): Promise<Message[]> {
  const conversation = await app.kora.store.conversations.findLatestByExternalChat('sms', number);
  if (!conversation) return [];
  const page = await adminFetch(app.url, cookie, `/api/admin/conversations/${conversation.id}/messages`);
  return page.body.items;
}

/** A customer texts; resolves once their conversation has no outbound message still queued. */
async function customerTexts(from: string, body: string) {
  const response = await postTwilioWebhook(
    target(),
    '/webhooks/twilio',
    smsInbound(twilio.accountSid, from, LONG_CODE, body),
  );
  await app.kora.engine.idle();
  await waitFor(async () => (await messagesOf(from)).every((m) => m.status !== 'queued'));
  return response;
}

const sentTo = (number: string): SentMessage[] => twilio.sent.filter((m) => m.params.To === number);

describe('SMS through Twilio', () => {
  it('answers a signed SMS by SMS from TWILIO_SMS_FROM, on the sms channel', async () => {
    const response = await customerTexts('+41781110001', 'Bonjour');
    expect(response.status).toBe(200);
    const [reply] = sentTo('+41781110001');
    expect(reply?.params.From).toBe(LONG_CODE);
    expect(reply?.params.StatusCallback).toBe(`${PUBLIC_URL}/webhooks/twilio/status`);
    const messages = await messagesOf('+41781110001');
    expect(messages.map((m) => [m.sender.type, m.status])).toEqual([
      ['contact', 'received'],
      ['assistant', 'sent'],
    ]);
    const contact = await app.kora.store.contacts.findByIdentity('sms', '+41781110001');
    expect(contact?.phone).toBe('+41781110001');

    await postTwilioWebhook(
      target(),
      '/webhooks/twilio/status',
      statusCallback(reply as SentMessage, 'delivered'),
    );
    expect((await messagesOf('+41781110001'))[1]?.status).toBe('delivered');
  });

  it('refuses a forged SMS and stores nothing', async () => {
    const forged = await postTwilioWebhook(
      target(),
      '/webhooks/twilio',
      smsInbound(twilio.accountSid, '+41781110002', LONG_CODE, 'Bonjour'),
      'AAAA',
    );
    expect(forged.status).toBe(403);
    expect(await app.kora.store.contacts.findByIdentity('sms', '+41781110002')).toBeNull();
  });

  it('keeps 21610 (recipient unsubscribed at Twilio) on the failed reply', async () => {
    twilio.failFor('+41781110003', {
      status: 400,
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
    });
    await customerTexts('+41781110003', 'Bonjour');
    const answer = (await messagesOf('+41781110003')).find((m) => m.sender.type === 'assistant');
    expect(answer).toMatchObject({
      status: 'failed',
      error: { code: '21610', message: 'Attempt to send to unsubscribed recipient' },
    });
  });

  it('sends at most one segment per second from the long code', async () => {
    const customers = ['+41781110011', '+41781110012', '+41781110013'];
    const before = twilio.sent.length;
    await Promise.all(customers.map((number) => customerTexts(number, 'Hello')));
    const replies = twilio.sent.slice(before);
    expect(replies.map((m) => m.params.To).sort()).toEqual(customers);
    const times = replies.map((m) => m.receivedAt).sort((a, b) => a - b);
    // Three one-segment replies: the third cannot leave before two more tokens (2 s) came in.
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(1_900);
  });

  it('opens the conversation of an SMS carrying a link code in that link mode', async () => {
    const created = await adminFetch(app.url, cookie, '/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({ name: 'Flyer', mode: 'strict', customPrompt: 'Présente le flyer.' }),
    });
    await customerTexts('+41781110020', `Code ${created.body.code.toLowerCase()}`);
    const conversation = await app.kora.store.conversations.findLatestByExternalChat('sms', '+41781110020');
    expect(conversation?.mode).toBe('strict');
    expect(conversation?.linkId).toBe(created.body.id);
  });

  it('answers 500 to an SMS it could not store, and 200 to the retry only once it is stored', async () => {
    const sms = smsInbound(twilio.accountSid, '+41781110030', LONG_CODE, 'Bonjour, encore là ?');
    const fault = await refuseWrites(app.dataDir, 'INSERT ON messages');
    let refused: Awaited<ReturnType<typeof postTwilioWebhook>>;
    try {
      refused = await postTwilioWebhook(target(), '/webhooks/twilio', sms);
    } finally {
      await fault.release();
    }
    expect(refused.status).toBe(500);
    expect(await app.kora.store.contacts.findByIdentity('sms', '+41781110030')).toBeNull();
    const retried = await postTwilioWebhook(target(), '/webhooks/twilio', sms);
    expect(retried.status).toBe(200);
    // Stored by the time Twilio got its 200 (read at once, not waited for).
    expect((await messagesOf('+41781110030')).map((m) => m.text)).toContain('Bonjour, encore là ?');
    await app.kora.engine.idle();
  });

  it('answers 500 to a status callback it could not apply, and 204 only once it is applied', async () => {
    await customerTexts('+41781110031', 'Bonjour');
    const [reply] = sentTo('+41781110031');
    const report = statusCallback(reply as SentMessage, 'delivered');
    const fault = await refuseWrites(app.dataDir, 'UPDATE ON messages');
    let refused: Awaited<ReturnType<typeof postTwilioWebhook>>;
    try {
      refused = await postTwilioWebhook(target(), '/webhooks/twilio/status', report);
    } finally {
      await fault.release();
    }
    expect(refused.status).toBe(500);
    expect((await messagesOf('+41781110031'))[1]?.status).toBe('sent');
    const retried = await postTwilioWebhook(target(), '/webhooks/twilio/status', report);
    expect(retried.status).toBe(204);
    expect((await messagesOf('+41781110031'))[1]?.status).toBe('delivered');
  });
});
