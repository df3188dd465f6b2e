/** The Twilio client against the fake Twilio REST API: the real SDK, rebased to 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskNumbers, TwilioClient } from '../../../bots/twilio/client.js';
import { ChannelApiError } from '../../../core/errors.js';
import { type FakeTwilio, startFakeTwilio } from '../../fakes/twilio-api.js';

let twilio: FakeTwilio;
let client: TwilioClient;

beforeAll(async () => {
  twilio = await startFakeTwilio();
  client = new TwilioClient({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    apiBaseUrl: twilio.url,
  });
});

afterAll(() => twilio.close());

async function failure(promise: Promise<unknown>): Promise<ChannelApiError> {
  const error = await promise.catch((caught: unknown) => caught);
  if (!(error instanceof ChannelApiError)) throw new Error(`expected a ChannelApiError, got ${error}`);
  return error;
}

describe('Twilio client', () => {
  it('creates a message at the rebased URL, with Basic auth, and returns its sid', async () => {
    const sent = await client.send({
      from: 'whatsapp:+41791112233',
      to: 'whatsapp:+41790000001',
      body: 'Bonjour',
      mediaUrl: ['https://example.com/a.jpg'],
      statusCallback: 'https://kora.example/webhooks/twilio/status',
    });
    expect(sent.sid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(sent.status).toBe('queued');
    expect(twilio.sent.at(-1)?.params).toMatchObject({
      From: 'whatsapp:+41791112233',
      To: 'whatsapp:+41790000001',
      Body: 'Bonjour',
      MediaUrl: 'https://example.com/a.jpg',
      StatusCallback: 'https://kora.example/webhooks/twilio/status',
    });
  });

  it('sends a Content template with its variables instead of a body', async () => {
    await client.send({
      from: 'whatsapp:+41791112233',
      to: 'whatsapp:+41790000001',
      contentSid: 'HX0123456789abcdef0123456789abcdef',
      contentVariables: { '1': 'Ada', '2': 'lundi' },
    });
    const params = twilio.sent.at(-1)?.params;
    expect(params).toMatchObject({ ContentSid: 'HX0123456789abcdef0123456789abcdef' });
    expect(JSON.parse(String(params?.ContentVariables))).toEqual({ '1': 'Ada', '2': 'lundi' });
    expect(params).not.toHaveProperty('Body');
  });

  it('uses a Messaging Service instead of a From number when given one', async () => {
    await client.send({ messagingServiceSid: `MG${'0'.repeat(32)}`, to: '+41790000002', body: 'Hi' });
    expect(twilio.sent.at(-1)?.params).toMatchObject({ MessagingServiceSid: `MG${'0'.repeat(32)}` });
    expect(twilio.sent.at(-1)?.params).not.toHaveProperty('From');
  });

  it("keeps Twilio's code and message on a refusal, as a permanent failure", async () => {
    twilio.failNext({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const error = await failure(client.send({ from: '+41445550000', to: '+41790000003', body: 'x' }));
    expect(error.message).toBe('Attempt to send to unsubscribed recipient');
    expect(error.options).toMatchObject({ providerCode: '21610', transient: false });
  });

  it('reads a 429 as transient with its Retry-After, and a 5xx as transient', async () => {
    twilio.failNext({ status: 429, code: 20429, message: 'Too Many Requests', retryAfterSeconds: 3 });
    const limited = await failure(client.send({ from: '+41445550000', to: '+41790000004', body: 'x' }));
    expect(limited.options).toMatchObject({ providerCode: '20429', transient: true, retryAfterMs: 3_000 });
    twilio.failNext({ status: 503, code: 20503, message: 'Service Unavailable' });
    const down = await failure(client.send({ from: '+41445550000', to: '+41790000004', body: 'x' }));
    expect(down.options).toMatchObject({ providerCode: '20503', transient: true });
  });

  it('reads wrong credentials as a permanent 20003', async () => {
    const wrong = new TwilioClient({
      accountSid: twilio.accountSid,
      authToken: 'x'.repeat(32),
      apiBaseUrl: twilio.url,
    });
    const error = await failure(wrong.send({ from: '+41445550000', to: '+41790000005', body: 'x' }));
    expect(error.options).toMatchObject({ providerCode: '20003', transient: false });
  });

  it('reads an unreachable API as transient', async () => {
    const nowhere = new TwilioClient({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      apiBaseUrl: 'http://127.0.0.1:9',
    });
    const error = await failure(nowhere.send({ from: '+41445550000', to: '+41790000006', body: 'x' }));
    expect(error.options.transient).toBe(true);
  });

  it('masks phone numbers Twilio quotes in its messages', async () => {
    twilio.failNext({
      status: 400,
      code: 21211,
      message: "The 'To' number +41790000007 is not a valid phone number.",
    });
    const error = await failure(client.send({ from: '+41445550000', to: '+41790000007', body: 'x' }));
    expect(error.message).toBe("The 'To' number +41•••07 is not a valid phone number.");
    expect(maskNumbers('call 079 123 45 67 now')).toBe('call 07•••67 now');
  });
});
