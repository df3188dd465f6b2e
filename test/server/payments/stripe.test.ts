/** The Stripe provider through the real SDK against the fake Stripe API on 127.0.0.1. */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.js';
import { StripePayments } from '../../../server/payments/stripe.js';
import { type FakeStripe, startFakeStripe, stripeSignature } from '../../fakes/stripe-api.js';

let fake: FakeStripe;
const NOW = new Date();

function payments(secretKey = fake.secretKey): StripePayments {
  const config = loadConfig({
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
    STRIPE_API_BASE_URL: fake.url,
  });
  return new StripePayments(config.stripe!, () => NOW);
}

const request = (overrides: Record<string, unknown> = {}) => ({
  bookingId: 'BOOKING1',
  amount: 25.5,
  currency: 'CHF',
  description: 'Yoga — Tue 18:30',
  expiresAt: new Date(NOW.getTime() + 45 * 60_000).toISOString(),
  successUrl: 'https://kora.example/payments/done',
  cancelUrl: 'https://kora.example/payments/cancelled',
  ...overrides,
});

beforeAll(async () => {
  fake = await startFakeStripe();
});
afterAll(() => fake.close());

describe('Stripe Checkout sessions', () => {
  it('creates a payment session for a booking: minor units, card and TWINT in CHF, its hold as expiry', async () => {
    const checkout = await payments().createCheckout(request());
    const session = fake.sessions.get(checkout.id)!;
    expect(checkout.url).toBe(session.url);
    expect(session).toMatchObject({
      currency: 'chf',
      amount_total: 2550,
      payment_method_types: ['card', 'twint'],
      client_reference_id: 'BOOKING1',
      metadata: { kora_purpose: 'booking', kora_reference: 'BOOKING1' },
      expires_at: Math.floor((NOW.getTime() + 45 * 60_000) / 1000),
    });
    const sent = fake.requests.find((r) => r.path === '/v1/checkout/sessions' && r.status === 200)!;
    expect(sent.form['allowed_payment_method_types[0]']).toBe('card');
    expect(sent.form['allowed_payment_method_types[1]']).toBe('twint');
    expect(sent.headers['idempotency-key']).toMatch(/^kora-booking-BOOKING1-/);
  });

  it('offers card only outside CHF (TWINT exists for CHF only)', async () => {
    const checkout = await payments().createCheckout(
      request({ bookingId: 'EUR1', currency: 'EUR', amount: 20 }),
    );
    expect(fake.sessions.get(checkout.id)).toMatchObject({
      payment_method_types: ['card'],
      amount_total: 2000,
    });
    const sent = fake.requests.filter((r) => r.form.client_reference_id === 'EUR1');
    expect(Object.values(sent[0]!.form)).not.toContain('twint');
  });

  it('keeps a hold shorter than Stripe’s 30 minutes within what Stripe accepts', async () => {
    const soon = new Date(NOW.getTime() + 10 * 60_000).toISOString();
    const checkout = await payments().createCheckout(request({ bookingId: 'SHORT', expiresAt: soon }));
    expect(fake.sessions.get(checkout.id)!.expires_at).toBe(Math.floor((NOW.getTime() + 31 * 60_000) / 1000));
  });

  it('gives one session for one booking asked twice (idempotency key per booking)', async () => {
    const before = fake.sessions.size;
    const [first, second] = await Promise.all([
      payments().createCheckout(request({ bookingId: 'TWICE' })),
      payments().createCheckout(request({ bookingId: 'TWICE' })),
    ]);
    const third = await payments().createCheckout(request({ bookingId: 'TWICE' }));
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(fake.sessions.size).toBe(before + 1);
  });

  it('makes a pack’s checkout the same way, named for the pack credit', async () => {
    const { bookingId: _, ...rest } = request({ amount: 180 });
    const checkout = await payments().createPackCheckout({ ...rest, creditId: 'CREDIT1' });
    expect(fake.sessions.get(checkout.id)).toMatchObject({
      amount_total: 18000,
      metadata: { kora_purpose: 'pack', kora_reference: 'CREDIT1' },
    });
  });

  it('throws when Stripe refuses (a wrong key), creating nothing', async () => {
    const before = fake.sessions.size;
    await expect(
      payments('sk_test_wrongwrongwrong').createCheckout(request({ bookingId: 'NOPE' })),
    ).rejects.toThrow(/Invalid API Key/);
    expect(fake.sessions.size).toBe(before);
  });

  it('closes an open session; closing one no longer open is no error, a refused key is', async () => {
    const checkout = await payments().createCheckout(request({ bookingId: 'CLOSE' }));
    await payments().cancelCheckout(checkout.id);
    expect(fake.sessions.get(checkout.id)?.status).toBe('expired');
    await expect(payments().cancelCheckout(checkout.id)).resolves.toBeUndefined();
    await expect(payments('sk_test_wrongwrongwrong').cancelCheckout(checkout.id)).rejects.toThrow(
      /Invalid API Key/,
    );
  });

  it('refunds a paid session once, whatever the retries', async () => {
    const checkout = await payments().createCheckout(request({ bookingId: 'REFUND' }));
    fake.setWebhookUrl(`${fake.url}/nowhere`);
    await fake.complete(checkout.id);
    const paymentId = fake.sessions.get(checkout.id)!.payment_intent!;
    await payments().refund(paymentId);
    await payments().refund(paymentId);
    expect(fake.refunds.filter((refund) => refund.payment_intent === paymentId)).toHaveLength(1);
  });
});

describe('the fake Stripe API refuses what Stripe refuses', () => {
  const sdk = () =>
    new Stripe(fake.secretKey, { host: '127.0.0.1', port: Number(new URL(fake.url).port), protocol: 'http' });
  const base = (overrides: Record<string, unknown> = {}) => ({
    mode: 'payment' as const,
    success_url: 'https://kora.example/done',
    line_items: [
      { quantity: 1, price_data: { currency: 'chf', unit_amount: 100, product_data: { name: 'x' } } },
    ],
    ...overrides,
  });

  it.each([
    ['an expiry under 30 minutes', { expires_at: Math.floor(Date.now() / 1000) + 600 }, 'expires_at'],
    ['an expiry over 24 hours', { expires_at: Math.floor(Date.now() / 1000) + 25 * 3600 }, 'expires_at'],
    [
      'TWINT alone in EUR',
      {
        line_items: [
          { quantity: 1, price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'x' } } },
        ],
        allowed_payment_method_types: ['twint'],
      },
      'allowed_payment_method_types',
    ],
    ['no line items', { line_items: [] }, 'line_items'],
  ])('%s', async (_name, overrides, param) => {
    const error = await sdk()
      .checkout.sessions.create(base(overrides) as Stripe.Checkout.SessionCreateParams)
      .catch((caught: unknown) => caught as { statusCode: number; param?: string });
    expect(error).toMatchObject({ statusCode: 400, param });
  });
});

describe('Stripe webhook signatures', () => {
  const payload = JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type: 'checkout.session.completed',
    data: {},
  });

  it('accepts the fake’s signature over the raw body', () => {
    const event = payments().verify(Buffer.from(payload), fake.sign(payload));
    expect(event.id).toBe('evt_1');
  });

  it.each([
    ['another secret', () => fake.sign(payload, { secret: 'whsec_someoneelse0000000000' })],
    [
      'a stale timestamp',
      () => fake.sign(payload, { timestampSeconds: Math.floor(Date.now() / 1000) - 600 }),
    ],
    ['a changed body', () => fake.sign(payload.replace('evt_1', 'evt_2'))],
    ['no v1 signature', () => `t=${Math.floor(Date.now() / 1000)}`],
    ['garbage', () => 'nonsense'],
  ])('refuses %s', (_name, signature) => {
    expect(() => payments().verify(Buffer.from(payload), signature())).toThrow();
  });

  it('signs as the SDK’s own test helper does: t=…,v1=HMAC-SHA256(secret, "t.payload")', () => {
    const expected = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: 'whsec_x',
      timestamp: 1700000000,
    });
    expect(stripeSignature('whsec_x', 1700000000, payload)).toBe(expected);
  });
});
