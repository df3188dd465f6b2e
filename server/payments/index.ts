/**
 * Online payment wired for the app: the Stripe provider when STRIPE_* are set (else null: static
 * payment links and payment by hand), the packs' dependencies, and the routes — `POST /webhooks/stripe`
 * (with Stripe) and the pages Checkout returns to.
 */
import { Router } from 'express';
import type { BookingPaymentEvents } from '../../core/bookings/payment-port.js';
import type { Logger } from '../../core/logger.js';
import type { OutboundDeps } from '../../core/outbound.js';
import type { PackDeps } from '../../core/payments/packs.js';
import type { StripeConfig } from '../config-stripe.js';
import { returnPages } from './return-pages.js';
import type { StripePayments } from './stripe.js';
import { stripeWebhook } from './stripe-webhook.js';

export interface Payments {
  /** null without Stripe. */
  provider: StripePayments | null;
  packs: PackDeps;
  /** The booking service, once made: the webhook applies booking events through it. */
  useBookings(bookings: BookingPaymentEvents): void;
  /** `POST /webhooks/stripe` (with Stripe) and the pages Checkout returns to. */
  router: Router;
}

export async function createPayments(
  config: StripeConfig | undefined,
  deps: OutboundDeps & { logger: Logger; publicUrl: string },
): Promise<Payments> {
  // Stripe's SDK (a tenth of the server bundle) is loaded only when STRIPE_* are set: a start
  // without it never parses it.
  const provider = config
    ? new (await import('./stripe.js')).StripePayments(config, () => deps.clock.now())
    : null;
  const packs: PackDeps = { ...deps, provider, baseUrl: deps.publicUrl };
  let bookings: BookingPaymentEvents | null = null;
  const router = Router();
  router.use(returnPages());
  if (provider) {
    router.use(
      stripeWebhook({
        verify: (body, signature) => provider.verify(body, signature),
        store: deps.store,
        now: () => deps.clock.now(),
        logger: deps.logger,
        events: {
          packs,
          bookings: () => bookings,
          refund: (paymentId) => provider.refund(paymentId),
          logger: deps.logger,
        },
      }),
    );
  }
  return {
    provider,
    packs,
    useBookings(service) {
      bookings = service;
    },
    router,
  };
}
