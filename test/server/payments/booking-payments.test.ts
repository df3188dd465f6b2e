/**
 * Bookings paid through Stripe Checkout: the real booking service on the embedded store, the real
 * `stripe` SDK against the fake Stripe API, and the fake's signed webhooks into `POST /webhooks/stripe`
 * served over HTTP on 127.0.0.1 (the web chat's side is in test/e2e/payments-bookings.test.ts).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingService } from '../../../core/bookings/service.js';
import { sessionsIn } from '../../../core/bookings/schedule-view.js';
import type { ClassDef } from '../../../core/bookings/types.js';
import { ChannelRegistry } from '../../../core/channels.js';
import { EventBus } from '../../../core/events.js';
import { createUlidGenerator, systemClock } from '../../../core/ids.js';
import { silentLogger } from '../../../core/logger.js';
import { createOutbox } from '../../../core/outbox.js';
import type { Store } from '../../../core/repositories.js';
import { createEmbeddedStore } from '../../../storage/index.js';
import { loadConfig } from '../../../server/config.js';
import { createErrorHandler } from '../../../server/http/errors.js';
import { createPayments } from '../../../server/payments/index.js';
import { RecordingChannel } from '../../fakes/recording-channel.js';
import { type FakeStripe, startFakeStripe } from '../../fakes/stripe-api.js';
import { makeCredit } from '../../storage/contract/packs.js';
import { makeContact, makeConversation } from '../../storage/contract/fixtures.js';

const TZ = 'Europe/Zurich';
const PUBLIC_URL = 'https://kora.example';
const ids = createUlidGenerator();
let stripe: FakeStripe;
let store: Store;
let service: BookingService;
let server: http.Server;
let dataDir: string;

beforeAll(async () => {
  stripe = await startFakeStripe();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-pay-'));
  store = await createEmbeddedStore({ dataDir });
  const registry = new ChannelRegistry();
  registry.register(new RecordingChannel('web'));
  const events = new EventBus();
  const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
  const config = loadConfig({
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_API_BASE_URL: stripe.url,
  });
  const base = { store, ids, clock: systemClock, events, outbox, logger: silentLogger };
  const payments = await createPayments(config.stripe, { ...base, publicUrl: PUBLIC_URL });
  service = new BookingService({
    ...base,
    timeZone: TZ,
    publicUrl: PUBLIC_URL,
    payments: payments.provider,
    packs: store.packs,
  });
  payments.useBookings(service);
  const app = express();
  app.use(payments.router);
  app.use(createErrorHandler(silentLogger));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stripe.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`);
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  await stripe.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function newClass(overrides: Partial<ClassDef> = {}): Promise<string> {
  const now = new Date().toISOString();
  const klass = await store.classes.create({
    id: ids.next(),
    title: 'Yoga',
    description: '',
    place: '',
    startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    durationMinutes: 60,
    capacity: 1,
    price: { amount: 25, currency: 'CHF' },
    payment: 'online',
    repeat: null,
    reminders: [],
    createdAt: now,
    updatedAt: now,
    ...overrides,
  });
  const sessions = await sessionsIn(store, new Date(), new Date(Date.now() + 4 * 86_400_000), TZ);
  return sessions.find((session) => session.classId === klass.id)!.id;
}

async function customer() {
  const contact = await store.contacts.create(makeContact());
  const conversation = await store.conversations.create(
    makeConversation({ kind: 'assistant', channel: 'web', contactId: contact.id }),
  );
  return { contactId: contact.id, conversationId: conversation.id };
}

async function lastText(conversationId: string): Promise<string> {
  const messages = await store.messages.list(conversationId, { limit: 5 });
  return messages.at(-1)?.text ?? '';
}

describe('online bookings paid through Stripe Checkout', () => {
  it('creates the checkout at booking, sends it as a tracked link, and is paid once by the webhook', async () => {
    const sessionId = await newClass();
    const who = await customer();
    const booking = await service.book({ ...who, sessionId });
    expect(booking).toMatchObject({
      status: 'booked',
      paid: false,
      checkoutId: expect.stringMatching(/^cs_test_/),
    });
    const session = stripe.sessions.get(booking.checkoutId!)!;
    expect(session).toMatchObject({ amount_total: 2500, payment_method_types: ['card', 'twint'] });
    expect(Date.parse(booking.holdUntil!) - Date.parse(booking.createdAt)).toBeCloseTo(30 * 60_000, -4);
    // The confirmation carries a tracked link to the checkout, not Stripe's URL itself.
    const text = await lastText(who.conversationId);
    expect(text).toMatch(new RegExp(`${PUBLIC_URL}/p/\\w+`));
    expect(text).not.toContain(session.url!);
    const [tracked] = await store.trackedLinks.listForConversation(who.conversationId);
    expect(tracked?.url).toBe(session.url);

    const delivery = await stripe.complete(booking.checkoutId!);
    expect(delivery.status).toBe(200);
    expect(await store.bookings.get(booking.id)).toMatchObject({
      status: 'booked',
      paid: true,
      holdUntil: null,
    });
    const again = await stripe.redeliver(delivery.eventId);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true });
    expect(await store.bookings.get(booking.id)).toMatchObject({ status: 'booked', paid: true });
  });

  it('frees the place when the checkout expires: cancelled payment_expired, the next in line offered', async () => {
    const sessionId = await newClass();
    const first = await service.book({ ...(await customer()), sessionId });
    const second = await service.book({ ...(await customer()), sessionId });
    expect(second.status).toBe('waiting');
    expect((await stripe.expire(first.checkoutId!)).status).toBe(200);
    expect(await store.bookings.get(first.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'payment_expired',
    });
    expect((await store.bookings.get(second.id))?.status).toBe('offered');
  });

  it('cancels a refunded booking (reason refunded) and frees its place', async () => {
    const sessionId = await newClass();
    const booking = await service.book({ ...(await customer()), sessionId });
    await stripe.complete(booking.checkoutId!);
    expect((await stripe.refund(booking.checkoutId!)).status).toBe(200);
    expect(await store.bookings.get(booking.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'refunded',
    });
    const [state] = await store.bookings.sessions([sessionId]);
    expect(state?.booked).toBe(0);
  });

  it('refunds a payment that arrives after its booking was cancelled', async () => {
    const sessionId = await newClass();
    const booking = await service.book({ ...(await customer()), sessionId });
    await service.cancel(booking.id, { reason: 'customer' });
    expect((await stripe.complete(booking.checkoutId!)).status).toBe(200);
    const paymentId = stripe.sessions.get(booking.checkoutId!)!.payment_intent;
    expect(stripe.refunds.map((refund) => refund.payment_intent)).toContain(paymentId);
    expect(await store.bookings.get(booking.id)).toMatchObject({ status: 'cancelled', paid: false });
  });
});

describe('the end of a hold', () => {
  it('closes the booking’s Checkout session, so nobody pays for a place that is gone', async () => {
    const sessionId = await newClass();
    const booking = await service.book({ ...(await customer()), sessionId });
    expect(stripe.sessions.get(booking.checkoutId!)?.status).toBe('open');
    // The bookings' sweep finds the hold over.
    await service.expire({ bookingId: booking.id });
    expect(stripe.sessions.get(booking.checkoutId!)?.status).toBe('expired');
    expect(await store.bookings.get(booking.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'payment_expired',
    });
    // Stripe's own expiry event afterwards changes nothing more.
    expect(
      (await stripe.send('checkout.session.expired', stripe.sessions.get(booking.checkoutId!))).status,
    ).toBe(200);
  });
});

describe('a payment racing the end of its hold', () => {
  it('ends paid and booked, or cancelled and refunded: never cancelled with the money kept', async () => {
    const rounds = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const sessionId = await newClass({ capacity: 3 });
        const booking = await service.book({ ...(await customer()), sessionId });
        // The customer pays while the hold's sweep cancels the booking, a little later each round so
        // that either may come first.
        const [delivery] = await Promise.all([
          stripe.complete(booking.checkoutId!),
          new Promise((resolve) => setTimeout(resolve, i * 12)).then(() =>
            service.expire({ bookingId: booking.id }),
          ),
        ]);
        expect(delivery.status).toBe(200);
        const after = (await store.bookings.get(booking.id))!;
        const paymentId = stripe.sessions.get(booking.checkoutId!)!.payment_intent;
        const refunded = stripe.refunds.some((refund) => refund.payment_intent === paymentId);
        return { status: after.status, paid: after.paid, refunded };
      }),
    );
    for (const round of rounds) {
      expect([
        { status: 'booked', paid: true, refunded: false },
        { status: 'cancelled', paid: false, refunded: true },
      ]).toContainEqual(round);
    }
  });
});

describe('pack bookings', () => {
  it('takes a session of the contact’s pack at booking and gives it back on cancel', async () => {
    const sessionId = await newClass({ payment: 'pack', capacity: 5 });
    const who = await customer();
    const credit = await store.packs.createCredit(makeCredit(who.contactId, { remaining: 2 }));
    const booking = await service.book({ ...who, sessionId });
    expect(booking).toMatchObject({ status: 'booked', paid: true, checkoutId: null });
    expect((await store.packs.getCredit(credit.id))?.remaining).toBe(1);
    await service.cancel(booking.id, { reason: 'customer' });
    expect((await store.packs.getCredit(credit.id))?.remaining).toBe(2);
  });

  it('leaves the booking unpaid when the contact has no session left', async () => {
    const sessionId = await newClass({ payment: 'pack', capacity: 5 });
    const who = await customer();
    await store.packs.createCredit(makeCredit(who.contactId, { remaining: 0 }));
    expect(await service.book({ ...who, sessionId })).toMatchObject({ status: 'booked', paid: false });
  });
});

describe('an event that fails to apply', () => {
  it('is answered 500 and forgotten, so that Stripe’s next delivery applies it', async () => {
    // A second wiring on the same store whose booking service is not attached yet: applying fails.
    const registry = new ChannelRegistry();
    registry.register(new RecordingChannel('web'));
    const events = new EventBus();
    const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
    const base = { store, ids, clock: systemClock, events, outbox, logger: silentLogger };
    const config = loadConfig({
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_BASE_URL: stripe.url,
    });
    const late = await createPayments(config.stripe, { ...base, publicUrl: PUBLIC_URL });
    const app = express();
    app.use(late.router);
    app.use(createErrorHandler(silentLogger));
    const lateServer = http.createServer(app);
    await new Promise<void>((resolve) => lateServer.listen(0, '127.0.0.1', resolve));
    const previous = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`;
    stripe.setWebhookUrl(`http://127.0.0.1:${(lateServer.address() as AddressInfo).port}/webhooks/stripe`);
    try {
      const sessionId = await newClass();
      const booking = await service.book({ ...(await customer()), sessionId });
      const first = await stripe.complete(booking.checkoutId!);
      expect(first.status).toBe(500);
      expect((await store.bookings.get(booking.id))?.paid).toBe(false);
      late.useBookings(service);
      const retried = await stripe.redeliver(first.eventId);
      expect(retried.status).toBe(200);
      expect(JSON.parse(retried.body)).toEqual({ received: true });
      expect((await store.bookings.get(booking.id))?.paid).toBe(true);
    } finally {
      stripe.setWebhookUrl(previous);
      await new Promise<void>((resolve) => lateServer.close(() => resolve()));
    }
  });
});
