/**
 * Stripe through its SDK (the only file importing `stripe`): Checkout sessions for bookings and packs
 * (card, plus TWINT for CHF), refunds, and the webhook signature check. STRIPE_API_BASE_URL points the
 * SDK at another origin (tests: a fake on 127.0.0.1) through its host, port and protocol options.
 */
import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import type { Checkout, CheckoutRequest, PaymentProvider } from '../../core/bookings/payment-port.js';
import type { PackCheckoutRequest, PackPaymentProvider } from '../../core/payments/pack-port.js';
import type { StripeConfig } from '../config-stripe.js';

export type StripeEvent = Stripe.Event;
export type StripeSession = Stripe.Checkout.Session;
export type StripeCharge = Stripe.Charge;

/** Currencies Stripe counts in whole units (no cents). */
const ZERO_DECIMAL = new Set('BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '));
/** Stripe accepts an `expires_at` 30 minutes to 24 hours ahead; a minute of margin on each side. */
const MIN_EXPIRY_MS = 31 * 60_000;
const MAX_EXPIRY_MS = 24 * 60 * 60_000 - 60_000;
/** How old a signed webhook may be (Stripe's own default). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function minorUnits(amount: number, currency: string): number {
  return Math.round(amount * (ZERO_DECIMAL.has(currency.toUpperCase()) ? 1 : 100));
}

/** Card everywhere; TWINT exists for CHF only (Stripe refuses it in any other currency). */
export function paymentMethodsFor(currency: string): ('card' | 'twint')[] {
  return currency.toUpperCase() === 'CHF' ? ['card', 'twint'] : ['card'];
}

type Purpose = 'booking' | 'pack';
type SessionRequest = Omit<CheckoutRequest, 'bookingId'>;

export class StripePayments implements PaymentProvider, PackPaymentProvider {
  readonly #stripe: Stripe;

  constructor(
    private readonly config: StripeConfig,
    private readonly now: () => Date,
  ) {
    this.#stripe = new Stripe(config.secretKey, {
      ...(config.api ?? {}),
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
    });
  }

  createCheckout(request: CheckoutRequest): Promise<Checkout> {
    return this.#create('booking', request.bookingId, request);
  }

  createPackCheckout(request: PackCheckoutRequest): Promise<Checkout> {
    return this.#create('pack', request.creditId, request);
  }

  /** Expires an open session (Stripe's `expire`); one already expired or paid is left as it is. */
  async cancelCheckout(checkoutId: string): Promise<void> {
    try {
      await this.#stripe.checkout.sessions.expire(checkoutId);
    } catch (error) {
      // 400: the session is no longer open (Stripe expired it, or it was paid: the webhook decides).
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    }
  }

  /** Refunds a payment in full, once per payment whatever the retries. */
  async refund(paymentId: string): Promise<void> {
    await this.#stripe.refunds.create(
      { payment_intent: paymentId, reason: 'requested_by_customer' },
      { idempotencyKey: `kora-refund-${paymentId}` },
    );
  }

  /** The event, once its `Stripe-Signature` matches the raw body and is recent; throws otherwise. */
  verify(rawBody: Buffer, signature: string): StripeEvent {
    return this.#stripe.webhooks.constructEvent(
      rawBody,
      signature,
      this.config.webhookSecret,
      WEBHOOK_TOLERANCE_SECONDS,
    );
  }

  async #create(purpose: Purpose, reference: string, request: SessionRequest): Promise<Checkout> {
    const params = this.#params(purpose, reference, request);
    // One key per booking (or pack credit) and request: a retry after a lost answer gets the same
    // session back instead of a second one; a different request for it (a new hold) gets its own.
    const digest = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 16);
    const session = await this.#stripe.checkout.sessions.create(params, {
      idempotencyKey: `kora-${purpose}-${reference}-${digest}`,
    });
    if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
    return { id: session.id, url: session.url };
  }

  #params(purpose: Purpose, reference: string, request: SessionRequest): Stripe.Checkout.SessionCreateParams {
    const metadata = { kora_purpose: purpose, kora_reference: reference };
    return {
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: request.currency.toLowerCase(),
            unit_amount: minorUnits(request.amount, request.currency),
            product_data: { name: request.description },
          },
        },
      ],
      allowed_payment_method_types: paymentMethodsFor(request.currency),
      client_reference_id: reference,
      metadata,
      payment_intent_data: { metadata },
      expires_at: Math.floor(this.#expiry(request.expiresAt) / 1000),
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
    };
  }

  /** The hold's end, within what Stripe accepts (a shorter hold ends on our side first). */
  #expiry(expiresAt: string): number {
    const now = this.now().getTime();
    return Math.min(Math.max(Date.parse(expiresAt), now + MIN_EXPIRY_MS), now + MAX_EXPIRY_MS);
  }
}
