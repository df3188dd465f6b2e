/**
 * The batcher drives the real `resend` SDK (ResendClient) against the fake Resend API: emails sent at
 * once share calls of at most 100, each call carries an idempotency key (the message's own when alone),
 * a repeated batch is one batch at Resend, and a 429's Retry-After holds the next call back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchKey, EmailBatcher } from '../../../bots/email/batcher.js';
import { type EmailPayload, ResendClient } from '../../../bots/email/client.js';
import { ChannelApiError } from '../../../core/errors.js';
import { type FakeResend, startFakeResend } from '../../fakes/resend-api.js';

let fake: FakeResend;
let client: ResendClient;

beforeAll(async () => {
  fake = await startFakeResend();
  client = new ResendClient({ apiKey: fake.apiKey, baseUrl: fake.url });
});
afterAll(() => fake.close());

function email(i: number): EmailPayload {
  return {
    from: 'Coach <hello@example.com>',
    to: `p${i}@example.org`,
    subject: 'Hi',
    text: `n${i}`,
    html: `<p>n${i}</p>`,
  };
}

const fast = { requestRate: { rate: 1_000, perMs: 1_000 } };

describe('EmailBatcher with the Resend SDK', () => {
  it('sends 250 emails submitted at once in 3 calls of at most 100, each id to its own email', async () => {
    const before = fake.requests.length;
    const batcher = new EmailBatcher((emails, key) => client.send(emails, key), fast);
    const ids = await Promise.all(Array.from({ length: 250 }, (_, i) => batcher.submit(email(i), `m${i}`)));
    const calls = fake.requests.slice(before);
    expect(calls.map((call) => [call.path, (call.body as unknown[]).length])).toEqual([
      ['/emails/batch', 100],
      ['/emails/batch', 100],
      ['/emails/batch', 50],
    ]);
    for (const call of calls) expect(call.headers['idempotency-key']).toMatch(/^batch-/);
    expect(new Set(ids).size).toBe(250);
    // Each id is the one Resend gave that very email.
    for (const [i, id] of ids.entries()) {
      expect(fake.sent.find((sent) => sent.id === id)?.to).toEqual([`p${i}@example.org`]);
    }
  });

  it('sends an email alone with its own key, and its repeat creates no second email', async () => {
    const batcher = new EmailBatcher((emails, key) => client.send(emails, key), fast);
    const count = fake.sent.length;
    const first = await batcher.submit(email(1), 'message-01');
    const again = await batcher.submit(email(1), 'message-01');
    expect(again).toBe(first);
    expect(fake.sent.length).toBe(count + 1);
    const last = fake.requests.at(-1)!;
    expect(last.path).toBe('/emails');
    expect(last.headers['idempotency-key']).toBe('message-01');
  });

  it('gives a repeated batch the same key, so Resend sends it once', async () => {
    const keys = ['a1', 'a2', 'a3'];
    expect(batchKey(keys)).toBe(batchKey([...keys]));
    expect(batchKey(keys)).not.toBe(batchKey(['a1', 'a2']));
    const count = fake.sent.length;
    const emails = keys.map((_, i) => email(i));
    const first = await client.send(emails, batchKey(keys));
    const second = await client.send(emails, batchKey(keys));
    expect(second).toEqual(first);
    expect(fake.sent.length).toBe(count + 3);
  });

  it('joins a send of the same message still in flight instead of sending it twice', async () => {
    const batcher = new EmailBatcher((emails, key) => client.send(emails, key), fast);
    const before = fake.requests.length;
    const ids = await Promise.all(Array.from({ length: 20 }, () => batcher.submit(email(7), 'same-message')));
    expect(new Set(ids).size).toBe(1);
    expect(fake.requests.length - before).toBe(1);
  });

  it('turns a 429 into a transient error with Retry-After, and holds the next call until then', async () => {
    const batcher = new EmailBatcher((emails, key) => client.send(emails, key), fast);
    fake.failNext({ status: 429, retryAfterSeconds: 1 });
    const error = await batcher.submit(email(2), 'limited').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChannelApiError);
    expect((error as ChannelApiError).options).toMatchObject({
      transient: true,
      retryAfterMs: 1_000,
      providerCode: 'rate_limit_exceeded',
    });
    const started = Date.now();
    await batcher.submit(email(2), 'limited');
    const accepted = fake.requests.at(-1)!;
    expect(accepted.status).toBe(200);
    expect(accepted.at - started).toBeGreaterThanOrEqual(900);
  });

  it('treats a refusal (422) as final', async () => {
    fake.failNext({ status: 422 });
    const error = await client.send([email(3)], 'refused').catch((caught: unknown) => caught);
    expect((error as ChannelApiError).options.transient).toBe(false);
  });
});
