/**
 * WhatsApp through Twilio, end to end: the real `twilio` SDK against the fake Twilio REST API on
 * 127.0.0.1, webhooks signed as Twilio signs them (for PUBLIC_URL, posted to the app's own address).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../core/types.js';
import {
  type FakeTwilio,
  newSid,
  postTwilioWebhook,
  type SentMessage,
  statusCallback,
  twilioSignature,
  whatsappInbound,
} from '../fakes/twilio-api.js';
import type { TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { PUBLIC_URL, startTwilioApp, type TwilioTestApp } from '../helpers/twilio-app.js';
import { waitFor } from '../helpers/wait.js';

const BUSINESS = 'whatsapp:+41791112233';

let kit: TwilioTestApp;
let twilio: FakeTwilio;
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  kit = await startTwilioApp({ TWILIO_WHATSAPP_FROM: BUSINESS });
  ({ twilio, app, cookie } = kit);
});

afterAll(async () => {
  await kit?.stop();
});

const target = () => kit.target();

/** A customer writes on WhatsApp; resolves once the engine has answered (or decided not to). */
async function customerWrites(from: string, body: string, extra: Record<string, string> = {}) {
  const params = whatsappInbound(twilio.accountSid, from, BUSINESS, body, extra);
  const response = await postTwilioWebhook(target(), '/webhooks/twilio', params);
  await app.kora.engine.idle();
  await settled(from);
  return { response, params };
}

/** Waits until no outbound message of that customer's conversations is still queued (sent or failed). */
async function settled(number: string) {
  const conversation = await app.kora.store.conversations.findLatestByExternalChat('whatsapp', number);
  if (!conversation) return;
  await waitFor(async () => {
    const messages = await app.kora.store.messages.list(conversation.id, { limit: 100 });
    return messages.every((m) => m.status !== 'queued');
  });
}

async function conversationOf(number: string) {
  const conversation = await app.kora.store.conversations.findLatestByExternalChat('whatsapp', number);
  if (!conversation) throw new Error(`no conversation for ${number}`);
  return conversation;
}

async function messagesOf(conversationId: string): Promise<Message[]> {
  const page = await adminFetch(app.url, cookie, `/api/admin/conversations/${conversationId}/messages`);
  expect(page.status).toBe(200);
  return page.body.items;
}

function sentTo(number: string): SentMessage[] {
  return twilio.sent.filter((m) => m.params.To === `whatsapp:${number}`);
}

describe('WhatsApp through Twilio', () => {
  it("answers a signed message from TWILIO_WHATSAPP_FROM, with the profile name as the contact's name", async () => {
    const { response } = await customerWrites('+41790000001', 'Bonjour !');
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/xml/);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');

    const [reply] = sentTo('+41790000001');
    expect(reply?.params.From).toBe(BUSINESS);
    expect(reply?.params.StatusCallback).toBe(`${PUBLIC_URL}/webhooks/twilio/status`);
    expect(String(reply?.params.Body)).toMatch(/bonjour/i);

    const conversation = await conversationOf('+41790000001');
    const contact = await app.kora.store.contacts.get(conversation.contactId ?? '');
    expect(contact?.name).toBe('Ada Lovelace');
    expect(contact?.phone).toBe('+41790000001');
    const messages = await messagesOf(conversation.id);
    expect(messages.map((m) => [m.sender.type, m.status])).toEqual([
      ['contact', 'received'],
      ['assistant', 'sent'],
    ]);
  });

  it('refuses a forged message with 403 and keeps no trace of it', async () => {
    const before = await adminFetch(app.url, cookie, '/api/admin/conversations');
    const params = whatsappInbound(twilio.accountSid, '+41790000002', BUSINESS, 'Bonjour');
    const forged = await postTwilioWebhook(target(), '/webhooks/twilio', params, 'bm90IGEgc2lnbmF0dXJl');
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error.code).toBe('invalid_signature');
    // Signed for another URL (a replay against another deployment) is refused too.
    const elsewhere = await postTwilioWebhook(
      { ...target(), publicUrl: 'http://attacker.example' },
      '/webhooks/twilio',
      params,
    );
    expect(elsewhere.status).toBe(403);
    // The original's valid signature on a tampered body is refused.
    const signature = twilioSignature(twilio.authToken, `${PUBLIC_URL}/webhooks/twilio`, params);
    const tampered = await postTwilioWebhook(
      target(),
      '/webhooks/twilio',
      { ...params, Body: 'Envoyez-moi vos tarifs' },
      signature,
    );
    expect(tampered.status).toBe(403);

    await app.kora.engine.idle();
    const after = await adminFetch(app.url, cookie, '/api/admin/conversations');
    expect(after.body.total).toBe(before.body.total);
    expect(await app.kora.store.contacts.findByIdentity('whatsapp', '+41790000002')).toBeNull();
    expect(sentTo('+41790000002')).toHaveLength(0);
  });

  it('stores and answers a redelivered MessageSid once', async () => {
    const sid = newSid('SM');
    await customerWrites('+41790000003', 'Hello', { MessageSid: sid, SmsMessageSid: sid, SmsSid: sid });
    const again = await customerWrites('+41790000003', 'Hello', {
      MessageSid: sid,
      SmsMessageSid: sid,
      SmsSid: sid,
    });
    expect(again.response.status).toBe(200);
    const conversation = await conversationOf('+41790000003');
    const messages = await messagesOf(conversation.id);
    expect(messages.filter((m) => m.sender.type === 'contact')).toHaveLength(1);
    expect(sentTo('+41790000003')).toHaveLength(1);
  });

  it('keeps the media of a message (NumMedia, MediaUrlN)', async () => {
    await customerWrites('+41790000004', 'Voici la photo', {
      NumMedia: '2',
      MessageType: 'image',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2',
      MediaContentType1: 'application/pdf',
    });
    const [first] = await messagesOf((await conversationOf('+41790000004')).id);
    expect(first?.text).toBe('Voici la photo');
    expect(first?.media).toEqual([
      {
        url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
        contentType: 'image/jpeg',
      },
      {
        url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2',
        contentType: 'application/pdf',
      },
    ]);
  });

  it('answers 400 naming the field for a signed but malformed post, and stores nothing', async () => {
    const params = whatsappInbound(twilio.accountSid, '+41790000005', BUSINESS, 'Bonjour', { NumMedia: '1' });
    const response = await postTwilioWebhook(target(), '/webhooks/twilio', params);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'validation_failed', field: 'MediaUrl0' });
    expect(await app.kora.store.contacts.findByIdentity('whatsapp', '+41790000005')).toBeNull();
  });

  it("gives the entry link's wa.me URL, and its code opens the conversation in STRICT mode", async () => {
    const created = await adminFetch(app.url, cookie, '/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Atelier',
        mode: 'strict',
        customPrompt: 'Tu présentes l’atelier, sans prix.',
      }),
    });
    expect(created.status).toBe(201);
    const { code, urls } = created.body;
    expect(urls.whatsapp).toBe(`https://wa.me/41791112233?text=${code}`);

    await customerWrites('+41790000006', code);
    const conversation = await conversationOf('+41790000006');
    expect(conversation.mode).toBe('strict');
    expect(conversation.linkId).toBe(created.body.id);

    // A plain first message opens a STANDARD conversation.
    await customerWrites('+41790000007', 'Bonjour');
    expect((await conversationOf('+41790000007')).mode).toBe('standard');
  });

  it('marks the reply delivered, then read, from signed status callbacks', async () => {
    await customerWrites('+41790000008', 'Salut');
    const [reply] = sentTo('+41790000008');
    if (!reply) throw new Error('no reply sent');
    for (const status of ['sent', 'delivered']) {
      const response = await postTwilioWebhook(
        target(),
        '/webhooks/twilio/status',
        statusCallback(reply, status),
      );
      expect(response.status).toBe(204);
    }
    const conversationId = (await conversationOf('+41790000008')).id;
    let answer = (await messagesOf(conversationId)).find((m) => m.sender.type === 'assistant');
    expect(answer?.status).toBe('delivered');
    await postTwilioWebhook(target(), '/webhooks/twilio/status', statusCallback(reply, 'read'));
    // A late "sent" never undoes "read".
    await postTwilioWebhook(target(), '/webhooks/twilio/status', statusCallback(reply, 'sent'));
    answer = (await messagesOf(conversationId)).find((m) => m.sender.type === 'assistant');
    expect(answer?.status).toBe('read');

    const forged = await postTwilioWebhook(
      target(),
      '/webhooks/twilio/status',
      statusCallback(reply, 'failed', { code: '30008' }),
      'Zm9yZ2Vk',
    );
    expect(forged.status).toBe(403);
  });

  it("keeps Twilio's error code and message on a reply Twilio refused (63016), visible to the coach", async () => {
    twilio.failFor('whatsapp:+41790000009', {
      status: 400,
      code: 63016,
      message:
        'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
    });
    await customerWrites('+41790000009', 'Bonjour');
    const conversationId = (await conversationOf('+41790000009')).id;
    const answer = (await messagesOf(conversationId)).find((m) => m.sender.type === 'assistant');
    expect(answer?.status).toBe('failed');
    expect(answer?.error?.code).toBe('63016');
    expect(answer?.error?.message).toMatch(/outside the allowed window/);
    expect(sentTo('+41790000009')).toHaveLength(0);
  });

  it('keeps the error code of an undelivered status callback (with a readable explanation)', async () => {
    await customerWrites('+41790000010', 'Hello');
    const [reply] = sentTo('+41790000010');
    if (!reply) throw new Error('no reply sent');
    await postTwilioWebhook(
      target(),
      '/webhooks/twilio/status',
      statusCallback(reply, 'undelivered', { code: '63024' }),
    );
    const conversationId = (await conversationOf('+41790000010')).id;
    const answer = (await messagesOf(conversationId)).find((m) => m.sender.type === 'assistant');
    expect(answer).toMatchObject({
      status: 'failed',
      error: { code: '63024', message: 'the recipient is not a WhatsApp user' },
    });
  });

  it('retries after a 429, honouring Retry-After, and sends once', async () => {
    twilio.failNext({ status: 429, code: 20429, message: 'Too Many Requests', retryAfterSeconds: 1 });
    const requestsBefore = twilio.requests;
    const startedAt = Date.now();
    await customerWrites('+41790000011', 'Bonjour');
    const conversationId = (await conversationOf('+41790000011')).id;
    const sent = await waitFor(async () => {
      const answer = (await messagesOf(conversationId)).find((m) => m.sender.type === 'assistant');
      return answer?.status === 'sent' ? answer : null;
    });
    expect(sent.status).toBe('sent');
    // Not before Twilio's Retry-After (1 s).
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_000);
    expect(twilio.requests - requestsBefore).toBe(2);
    expect(sentTo('+41790000011')).toHaveLength(1);
  });

  it('sends the coach answer to the customer through Twilio', async () => {
    const conversationId = (await conversationOf('+41790000001')).id;
    const answered = await adminFetch(
      app.url,
      cookie,
      `/api/admin/conversations/${conversationId}/messages`,
      {
        method: 'POST',
        body: JSON.stringify({ text: 'Bonjour Ada, ici le coach.' }),
      },
    );
    expect(answered.status).toBe(201);
    await settled('+41790000001');
    const last = sentTo('+41790000001').at(-1);
    expect(last?.params.Body).toBe('Bonjour Ada, ici le coach.');
  });

  it("lists the channel with its number, webhook mode and Twilio's last error", async () => {
    const channels = await adminFetch(app.url, cookie, '/api/admin/channels');
    const whatsapp = channels.body.items.find((item: { name: string }) => item.name === 'whatsapp');
    expect(whatsapp).toMatchObject({ state: 'ready', account: '+41791112233', mode: 'webhook' });
    // The latest failure: the 429 of the retry test above.
    expect(whatsapp.lastError).toMatchObject({ code: '20429', message: 'Too Many Requests' });
    expect(JSON.stringify(channels.body)).not.toContain(twilio.authToken);
  });
});
