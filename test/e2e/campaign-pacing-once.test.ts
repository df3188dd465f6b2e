/**
 * Pacing happens once (issue 18 item 1): a campaign send is paced by the campaign pacer, from the
 * channel's plug-in limit, and the adapter counts it without waiting for it a second time. Here the
 * campaign paces SMS at 8/s (a sender allowed more than a long code's 1/s); before, the SMS adapter
 * waited again at its own 1/s, so nine messages took eight seconds instead of one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeTwilio } from '../fakes/twilio-api.js';
import type { TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { startTwilioApp, type TwilioTestApp } from '../helpers/twilio-app.js';

const SENDER = '+41445550000';
const RECIPIENTS = 9;
const RATE = 8;

let kit: TwilioTestApp;
let twilio: FakeTwilio;
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  kit = await startTwilioApp(
    { TWILIO_SMS_FROM: SENDER },
    { campaigns: { processEveryMs: 100, channelRates: { sms: { rate: RATE, perMs: 1_000 } } } },
  );
  ({ twilio, app, cookie } = kit);
});

afterAll(async () => {
  await kit?.stop();
});

describe('a campaign on a paced channel', () => {
  it('waits once per message, at the campaign pacer, not again in the adapter', async () => {
    const rows = Array.from({ length: RECIPIENTS }, (_, i) => `Person ${i},,079 555 12 ${10 + i},paced`);
    const imported = await fetch(`${app.url}/api/admin/contacts/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie, origin: app.url },
      body: `name,email,phone,tags\n${rows.join('\n')}\n`,
    });
    expect(imported.status).toBe(200);
    const created = await adminFetch(app.url, cookie, '/api/admin/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Paced',
        message: 'Hi {firstName}',
        targets: [{ type: 'tag', id: 'paced' }],
        channels: ['sms'],
      }),
    });
    expect(created.status).toBe(201);
    const launched = await adminFetch(app.url, cookie, `/api/admin/campaigns/${created.body.id}/launch`, {
      method: 'POST',
    });
    expect(launched.status).toBe(200);

    const sent = await twilio.waitForSent(RECIPIENTS, 15_000);
    const spread = sent.at(-1)!.receivedAt - sent[0]!.receivedAt;
    // Paced once: 8 intervals of 125 ms, less the one token the pacer may save while the first row is
    // prepared (pacedBucket: a burst of 1). Paced again in the adapter at 1/s: at least 8 s.
    expect(spread).toBeGreaterThanOrEqual(((RECIPIENTS - 2) * 1_000) / RATE - 50);
    expect(spread).toBeLessThan(2_500);
  });
});
