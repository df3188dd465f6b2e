/**
 * What each Stripe event does, once its signature is checked and its id seen for the first time:
 * `checkout.session.completed` (paid) activates a pack credit or marks a booking paid;
 * `checkout.session.expired` frees the place or drops the pending credit; `charge.refunded` (in full)
 * cancels the booking (reason `refunded`) or empties the credit. TWINT and card pay at once; a method
 * that settles later is followed by `checkout.session.async_payment_succeeded|failed`.
 */
import type { BookingPaymentEvents } from '../../core/bookings/payment-port.js';
import type { Logger } from '../../core/logger.js';
import { type PackDeps, packExpired, packPaid, packRefunded } from '../../core/payments/packs.js';
import type { StripeCharge, StripeEvent, StripeSession } from './stripe.js';

export interface StripeEventDeps {
  packs: PackDeps;
  /** The booking service; null until it is wired (booking events are then left unapplied, logged). */
  bookings: () => BookingPaymentEvents | null;
  refund(paymentId: string): Promise<void>;
  logger: Logger;
}

export const HANDLED_EVENTS = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.expired',
  'checkout.session.async_payment_failed',
  'charge.refunded',
]);

type Purpose = 'booking' | 'pack';

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

async function purposeOf(deps: StripeEventDeps, checkoutId: string): Promise<Purpose> {
  return (await deps.packs.store.packs.creditByCheckout(checkoutId)) ? 'pack' : 'booking';
}

/** The booking service; without it the event fails (500), so Stripe delivers it again later. */
function bookingsOf(deps: StripeEventDeps): BookingPaymentEvents {
  const bookings = deps.bookings();
  if (!bookings) throw new Error('a Stripe event for a booking arrived before the booking service was ready');
  return bookings;
}

async function paid(deps: StripeEventDeps, session: StripeSession): Promise<void> {
  const purpose = await purposeOf(deps, session.id);
  const paymentId = idOf(session.payment_intent);
  const now = deps.packs.clock.now().toISOString();
  if (paymentId)
    await deps.packs.store.payments.linkPayment({ paymentId, checkoutId: session.id, purpose }, now);
  if (purpose === 'pack') {
    await packPaid(deps.packs, session.id);
    return;
  }
  const booking = await bookingsOf(deps).markPaid({ checkoutId: session.id });
  // Paid after its hold ran out and its place went to someone else: the money goes back.
  if (booking && booking.status === 'cancelled' && !booking.paid && paymentId) {
    await deps.refund(paymentId);
    deps.logger.info({ bookingId: booking.id }, 'late payment of a cancelled booking refunded');
  }
}

async function expired(deps: StripeEventDeps, session: StripeSession): Promise<void> {
  if ((await purposeOf(deps, session.id)) === 'pack') await packExpired(deps.packs, session.id);
  else await bookingsOf(deps).expire({ checkoutId: session.id });
}

async function refunded(deps: StripeEventDeps, charge: StripeCharge): Promise<void> {
  // A partial refund leaves the booking or pack as it is: the coach decides what it means.
  if (!charge.refunded) return;
  const paymentId = idOf(charge.payment_intent);
  const link = paymentId ? await deps.packs.store.payments.paymentLink(paymentId) : null;
  if (!link) return;
  if (link.purpose === 'pack') await packRefunded(deps.packs, link.checkoutId);
  else await bookingsOf(deps).refund({ checkoutId: link.checkoutId });
}

export async function applyStripeEvent(deps: StripeEventDeps, event: StripeEvent): Promise<void> {
  switch (event.type) {
    case 'checkout.session.completed':
      // An asynchronous method completes unpaid: its outcome comes as async_payment_* later.
      if (event.data.object.payment_status === 'paid') await paid(deps, event.data.object);
      return;
    case 'checkout.session.async_payment_succeeded':
      return paid(deps, event.data.object);
    case 'checkout.session.expired':
    case 'checkout.session.async_payment_failed':
      return expired(deps, event.data.object);
    case 'charge.refunded':
      return refunded(deps, event.data.object);
    default:
      return;
  }
}
