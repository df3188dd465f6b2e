/**
 * Packs bought through Stripe Checkout, end to end: the whole app on the embedded store, the real
 * `stripe` SDK against the fake Stripe API, the customer in the web chat, Stripe's signed webhooks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import {
  adminFetch,
  type JoinedCustomer,
  joinThroughLink,
  nextMessage,
  request,
} from '../helpers/chat-client.js';
import { type FakeStripe, startFakeStripe } from '../fakes/stripe-api.js';

let app: TestApp;
let stripe: FakeStripe;
let cookie: string;
let linkToken: string;

const get = (path: string) => adminFetch(app.url, cookie, path);
const post = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });
/** The "your pack is paid" message, in any of its languages. */
const PAID = /is paid|est payé|ist bezahlt/;
const packsOf = async (contactId: string) => (await get(`/api/admin/contacts/${contactId}`)).body.packs;

beforeAll(async () => {
  stripe = await startFakeStripe();
  app = await startTestApp({
    env: {
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_BASE_URL: stripe.url,
    },
  });
  stripe.setWebhookUrl(`${app.url}/webhooks/stripe`);
  cookie = await app.login();
  linkToken = (await post('/api/admin/links', { name: 'Site', mode: 'standard' })).body.token;
});

afterAll(async () => {
  await app?.stop();
  await stripe?.close();
});

async function newPack(name = '10 classes') {
  const created = await post('/api/admin/packs', {
    name,
    sessions: 10,
    price: { amount: 180, currency: 'chf' },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string };
}

/** The coach sends the pack's checkout into the customer's conversation; the customer sees the link. */
async function sendCheckout(packId: string, customer: JoinedCustomer) {
  const message = nextMessage(customer.socket, (m) => m.text.includes('/p/'));
  const sent = await post(`/api/admin/packs/${packId}/checkout`, { conversationId: customer.conversationId });
  expect(sent.status).toBe(201);
  const text = (await message).text;
  const sessionId = sent.body.credit.checkoutId as string;
  return { sent: sent.body, text, sessionId };
}

describe('packs through Stripe Checkout', () => {
  it('refuses a bad pack naming the field, and creates nothing', async () => {
    for (const [body, field] of [
      [{ name: 'x', sessions: 0, price: { amount: 10, currency: 'CHF' } }, 'sessions'],
      [{ name: 'x', sessions: 5, price: { amount: 10, currency: 'CHFF' } }, 'price.currency'],
      [{ name: 'x', sessions: 5, price: { amount: -1, currency: 'CHF' } }, 'price.amount'],
      [{ name: '', sessions: 5, price: { amount: 10, currency: 'CHF' } }, 'name'],
      [{ name: 'x', sessions: 5, price: 10 }, 'price'],
    ] as const) {
      const response = await post('/api/admin/packs', body);
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe(field);
    }
    expect((await get('/api/admin/packs')).body.items).toEqual([]);
  });

  it('sends a tracked Checkout link; once paid the contact has the pack’s sessions, once', async () => {
    const pack = await newPack();
    expect((await get('/api/admin/packs')).body.items).toMatchObject([
      { id: pack.id, name: '10 classes', sessions: 10, price: { amount: 180, currency: 'CHF' } },
    ]);
    const customer = await joinThroughLink(app.url, linkToken, 'Ada Pack');
    // She writes in English: the pack's messages follow her language.
    const written = await request(customer.socket, 'send', {
      conversationId: customer.conversationId,
      text: 'Hello, I would like to buy the pack of classes please',
      clientMessageId: 'ada-1',
    });
    expect(written.ok).toBe(true);
    const { sent, text, sessionId } = await sendCheckout(pack.id, customer);
    expect(text).toContain('10 classes: 10 sessions for 180 CHF. Pay here:');
    expect(text).toContain(sent.paymentUrl);
    expect(stripe.sessions.get(sessionId)).toMatchObject({
      payment_method_types: ['card', 'twint'],
      amount_total: 18000,
    });
    // The link in the chat is tracked: it counts the click and leads to Stripe's page.
    const trackedId = new URL(sent.paymentUrl).pathname.split('/').pop();
    const redirect = await fetch(`${app.url}/p/${trackedId}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(stripe.sessions.get(sessionId)!.url);
    expect(await packsOf(customer.member.id)).toMatchObject({
      remaining: 0,
      credits: [{ status: 'pending' }],
    });

    const thanks = nextMessage(customer.socket, (m) => PAID.test(m.text));
    const delivery = await stripe.complete(sessionId);
    expect(delivery.status).toBe(200);
    expect((await thanks).text).toContain('10 sessions to book');
    const paid = await packsOf(customer.member.id);
    expect(paid).toMatchObject({ remaining: 10, credits: [{ status: 'active', remaining: 10 }] });

    // Stripe delivers again (it did not hear our 200, say): nothing more happens.
    const again = await stripe.redeliver(delivery.eventId);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true });
    expect(await packsOf(customer.member.id)).toEqual(paid);
    const history = await get(`/api/admin/conversations/${customer.conversationId}/messages`);
    expect(history.body.items.filter((m: { text: string }) => PAID.test(m.text))).toHaveLength(1);

    // Refunded in the dashboard: the sessions are gone.
    expect((await stripe.refund(sessionId)).status).toBe(200);
    expect(await packsOf(customer.member.id)).toMatchObject({
      remaining: 0,
      credits: [{ status: 'refunded' }],
    });
    customer.socket.close();
  });

  it('drops the pending credit when the checkout expires unpaid', async () => {
    const pack = await newPack('5 classes');
    const customer = await joinThroughLink(app.url, linkToken, 'Eve Expired');
    const { sessionId, text } = await sendCheckout(pack.id, customer);
    // Nothing she wrote shows her language: French, as the other fixed texts.
    expect(text).toContain('5 classes : 10 séances pour 180 CHF. Payez ici :');
    expect((await stripe.expire(sessionId)).status).toBe(200);
    expect(await packsOf(customer.member.id)).toMatchObject({
      remaining: 0,
      credits: [{ status: 'expired' }],
    });
    customer.socket.close();
  });

  it('refuses forged and stale signatures with 403, changing nothing', async () => {
    const pack = await newPack('Forged');
    const customer = await joinThroughLink(app.url, linkToken, 'Mallory');
    const { sessionId } = await sendCheckout(pack.id, customer);
    const session = {
      ...stripe.sessions.get(sessionId)!,
      status: 'complete',
      payment_status: 'paid',
      payment_intent: 'pi_x',
    };
    const forged = await stripe.send('checkout.session.completed', session, {
      secret: 'whsec_notthesecret1234567890',
    });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error.code).toBe('invalid_signature');
    const stale = await stripe.send('checkout.session.completed', session, {
      timestampSeconds: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(stale.status).toBe(403);
    const unsigned = await fetch(`${app.url}/webhooks/stripe`, { method: 'POST', body: '{"id":"evt_1"}' });
    expect(unsigned.status).toBe(403);
    expect(await packsOf(customer.member.id)).toMatchObject({
      remaining: 0,
      credits: [{ status: 'pending' }],
    });
    // The same event properly signed afterwards is applied: the refused ones were not recorded.
    expect((await stripe.send('checkout.session.completed', session, { id: forged.eventId })).status).toBe(
      200,
    );
    expect(await packsOf(customer.member.id)).toMatchObject({ remaining: 10 });
    customer.socket.close();
  });

  it('answers 200 to event types it does not handle', async () => {
    const response = await stripe.send('customer.created', { id: 'cus_1', object: 'customer' });
    expect(response.status).toBe(200);
  });

  it('applies one of many simultaneous deliveries of one event', async () => {
    const pack = await newPack('Racing');
    const customer = await joinThroughLink(app.url, linkToken, 'Rita Race');
    const { sessionId } = await sendCheckout(pack.id, customer);
    const session = {
      ...stripe.sessions.get(sessionId)!,
      status: 'complete',
      payment_status: 'paid',
      payment_intent: 'pi_race',
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => stripe.send('checkout.session.completed', session, { id: 'evt_race' })),
    );
    expect(results.every((result) => result.status === 200)).toBe(true);
    expect(results.filter((result) => !JSON.parse(result.body).duplicate)).toHaveLength(1);
    const history = await get(`/api/admin/conversations/${customer.conversationId}/messages`);
    expect(history.body.items.filter((m: { text: string }) => PAID.test(m.text))).toHaveLength(1);
    customer.socket.close();
  });
});

describe('packs without Stripe', () => {
  let plain: TestApp;
  let plainCookie: string;

  beforeAll(async () => {
    plain = await startTestApp();
    plainCookie = await plain.login();
  });
  afterAll(() => plain?.stop());

  it('has no webhook, refuses an online checkout and lets the owner grant a pack paid otherwise', async () => {
    const send = (path: string, body: unknown) =>
      adminFetch(plain.url, plainCookie, path, { method: 'POST', body: JSON.stringify(body) });
    const pack = (
      await send('/api/admin/packs', {
        name: '3 classes',
        sessions: 3,
        price: { amount: 60, currency: 'EUR' },
      })
    ).body;
    const link = (await send('/api/admin/links', { name: 'Site', mode: 'standard' })).body;
    const customer = await joinThroughLink(plain.url, link.token, 'Paula Cash');
    const refused = await send(`/api/admin/packs/${pack.id}/checkout`, {
      conversationId: customer.conversationId,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('STRIPE_SECRET_KEY');
    expect((await fetch(`${plain.url}/webhooks/stripe`, { method: 'POST', body: '{}' })).status).toBe(404);
    const granted = await send(`/api/admin/packs/${pack.id}/grant`, { contactId: customer.member.id });
    expect(granted.status).toBe(201);
    const page = await adminFetch(plain.url, plainCookie, `/api/admin/contacts/${customer.member.id}`);
    expect(page.body).toMatchObject({ id: customer.member.id, name: 'Paula Cash', packs: { remaining: 3 } });
    const alone = await adminFetch(plain.url, plainCookie, `/api/admin/contacts/${customer.member.id}/packs`);
    expect(alone.body).toEqual(page.body.packs);
    expect((await adminFetch(plain.url, plainCookie, '/api/admin/contacts/nobody/packs')).status).toBe(404);
    customer.socket.close();
  });
});
