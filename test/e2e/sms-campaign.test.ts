/**
 * An SMS campaign end to end: a contact imported from CSV (name and phone only, never wrote in)
 * receives the personalised campaign by SMS through Twilio; a delivery report marks it delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTwilio, postTwilioWebhook, statusCallback } from '../fakes/twilio-api.js';
import type { TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
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

describe('an SMS campaign', () => {
  it('reaches an imported contact, personalised, and their delivery report comes back', async () => {
    const imported = await fetch(`${app.url}/api/admin/contacts/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie, origin: app.url },
      body: 'name,email,phone,tags\nMarie Curie,,079 555 12 34,vip\n',
    });
    expect(imported.status).toBe(200);
    const contacts = await adminFetch(app.url, cookie, '/api/admin/contacts?tag=vip');
    const marie = contacts.body.items[0];
    expect(marie.phone).toBe('+41795551234');

    const created = await adminFetch(app.url, cookie, '/api/admin/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Rentrée',
        message: 'Bonjour {firstName}, les cours reprennent lundi !',
        targets: [{ type: 'tag', id: 'vip' }],
        channels: ['sms'],
        schedule: null,
      }),
    });
    expect(created.status).toBe(201);
    const launched = await adminFetch(app.url, cookie, `/api/admin/campaigns/${created.body.id}/launch`, {
      method: 'POST',
    });
    expect(launched.status).toBe(200);

    const [sms] = await twilio.waitForSent(1, 15_000);
    expect(sms?.params).toMatchObject({
      To: '+41795551234',
      From: LONG_CODE,
      Body: 'Bonjour Marie, les cours reprennent lundi !',
      StatusCallback: `${PUBLIC_URL}/webhooks/twilio/status`,
    });
    const done = await waitFor(async () => {
      const campaign = await adminFetch(app.url, cookie, `/api/admin/campaigns/${created.body.id}`);
      return campaign.body.status === 'completed' ? campaign.body : null;
    });
    expect(done.counts).toMatchObject({ sent: 1, failed: 0, skipped: 0 });

    await postTwilioWebhook(kit.target(), '/webhooks/twilio/status', statusCallback(sms!, 'delivered'));
    const delivered = await waitFor(async () => {
      const campaign = await adminFetch(app.url, cookie, `/api/admin/campaigns/${created.body.id}`);
      return campaign.body.counts.delivered === 1 ? campaign.body : null;
    });
    expect(delivered.counts).toMatchObject({ delivered: 1 });
  });
});
