/**
 * Paid classes booked in the web chat, end to end: the whole app on the embedded store, the customer on
 * socket.io, the real `stripe` SDK against the fake Stripe API, and the fake's signed webhooks.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../../core/bookings/calendar.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, request } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';
import { type FakeStripe, startFakeStripe } from '../fakes/stripe-api.js';

const TZ = 'Europe/Zurich';
let app: TestApp;
let stripe: FakeStripe;
let cookie: string;
let link: string;
const sockets: Socket[] = [];

interface Msg {
  id: string;
  text: string;
  actions?: { id: string; label: string }[];
}
interface Shown {
  id: string;
  code: string;
  status: string;
  paymentUrl?: string;
}

const get = (path: string) => adminFetch(app.url, cookie, path);
const post = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });

async function customer(name: string) {
  const joined = await joinThroughLink(app.url, link, name);
  sockets.push(joined.socket);
  const seen: Msg[] = [];
  joined.socket.on('message', (event: { message: Msg }) => seen.push(event.message));
  return { ...joined, seen };
}

async function createClass(overrides: Record<string, unknown>): Promise<string> {
  const date = localParts(new Date(Date.now() + 2 * 86_400_000), TZ).date;
  const created = await post('/api/admin/classes', {
    title: 'Yoga doux',
    startsAt: `${date}T18:30`,
    durationMinutes: 60,
    capacity: 1,
    payment: 'online',
    price: { amount: 25, currency: 'CHF' },
    ...overrides,
  });
  expect(created.status).toBe(201);
  const sessions = (await get('/api/admin/sessions')).body.items as { id: string; classId: string }[];
  return sessions.find((session) => session.classId === created.body.id)!.id;
}

async function book(who: Awaited<ReturnType<typeof customer>>, sessionId: string): Promise<Shown> {
  const ack = await request<{ booking: Shown }>(who.socket, 'book', {
    conversationId: who.conversationId,
    sessionId,
  });
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.booking;
}

async function bookingOf(id: string) {
  const list = await get('/api/admin/bookings?limit=100');
  return (list.body.items as (Shown & { paid: boolean })[]).find((booking) => booking.id === id)!;
}

const checkoutOf = (bookingId: string) =>
  [...stripe.sessions.values()].find((session) => session.client_reference_id === bookingId)!;

beforeAll(async () => {
  stripe = await startFakeStripe();
  app = await startTestApp({
    env: {
      TIMEZONE: TZ,
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_BASE_URL: stripe.url,
    },
  });
  stripe.setWebhookUrl(`${app.url}/webhooks/stripe`);
  cookie = await app.login();
  link = (await post('/api/admin/links', { name: 'Site', mode: 'standard' })).body.token;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
  await stripe?.close();
});

describe('paid classes booked in the web chat', () => {
  it('confirms with a tracked Checkout link; the completed webhook marks the booking paid', async () => {
    const sessionId = await createClass({ title: 'Vinyasa' });
    const ada = await customer('Ada');
    const booking = await book(ada, sessionId);
    expect(booking.status).toBe('booked');
    const checkout = checkoutOf(booking.id);
    expect(checkout).toMatchObject({
      amount_total: 2500,
      currency: 'chf',
      payment_method_types: ['card', 'twint'],
    });
    const confirmation = await waitFor(() => ada.seen.find((m) => m.text.includes(booking.code)));
    const tracked = /https?:\/\/\S+\/p\/(\w+)/.exec(confirmation.text);
    expect(tracked).not.toBeNull();
    const redirect = await fetch(`${app.url}/p/${tracked![1]}`, { redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe(checkout.url);
    // Not paid yet: the door refuses it.
    expect((await post('/api/admin/bookings/check-in', { code: booking.code })).status).toBe(409);

    expect((await stripe.complete(checkout.id)).status).toBe(200);
    expect(await bookingOf(booking.id)).toMatchObject({ status: 'booked', paid: true });
    expect((await post('/api/admin/bookings/check-in', { code: booking.code })).status).toBe(200);
  });

  it('frees the place when Stripe expires the checkout: cancelled, and the next in line is offered it', async () => {
    const sessionId = await createClass({ title: 'Hatha' });
    const eve = await customer('Eve');
    const bob = await customer('Bob');
    const held = await book(eve, sessionId);
    expect((await book(bob, sessionId)).status).toBe('waiting');
    expect((await stripe.expire(checkoutOf(held.id).id)).status).toBe(200);
    expect(await bookingOf(held.id)).toMatchObject({ status: 'cancelled', paid: false });
    const offer = await waitFor(() =>
      bob.seen.find((m) => m.actions?.some((a) => a.id.startsWith('accept:'))),
    );
    expect(offer).toBeTruthy();
    const sessions = (await get('/api/admin/sessions')).body.items as { id: string; waiting: number }[];
    expect(sessions.find((session) => session.id === sessionId)?.waiting).toBe(0);
  });

  it('books a pack class with a pack bought through Checkout, one session taken', async () => {
    const pack = (
      await post('/api/admin/packs', {
        name: '10 classes',
        sessions: 10,
        price: { amount: 180, currency: 'CHF' },
      })
    ).body;
    const carl = await customer('Carl');
    const sent = await post(`/api/admin/packs/${pack.id}/checkout`, { conversationId: carl.conversationId });
    expect((await stripe.complete(sent.body.credit.checkoutId)).status).toBe(200);
    const sessionId = await createClass({ title: 'Pack yoga', payment: 'pack', capacity: 5 });
    const booking = await book(carl, sessionId);
    expect(await bookingOf(booking.id)).toMatchObject({ status: 'booked', paid: true });
    const page = await get(`/api/admin/contacts/${carl.member.id}`);
    expect(page.body.packs).toMatchObject({ remaining: 9, credits: [{ remaining: 9, status: 'active' }] });
  });
});
