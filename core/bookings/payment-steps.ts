/**
 * What a booking that got a place must do to be paid, by the class's payment: `online` gets a checkout
 * (holding the place `holdMinutes`) or, with no provider or when it fails, the coach's static payment
 * link and no hold; `pack` takes a session of the contact's pack; `free` and `manual` nothing.
 */
import type { BookingServiceDeps } from './service.js';
import { readBookingSettings } from './settings.js';
import { describeSession } from './texts.js';
import type { Booking, ClassDef } from './types.js';

export async function startPayment(
  deps: BookingServiceDeps,
  booking: Booking,
  klass: ClassDef,
): Promise<Booking> {
  if (klass.payment === 'pack') return payWithPack(deps, booking);
  if (klass.payment !== 'online' || !klass.price) return booking;
  const now = deps.clock.now();
  const set = (patch: Partial<Booking>) =>
    deps.store.bookings.transition(booking.id, ['booked'], patch, now.toISOString(), false);
  if (deps.payments) {
    const settings = await readBookingSettings(deps.store.settings);
    const holdUntil = new Date(now.getTime() + settings.holdMinutes * 60_000).toISOString();
    try {
      const checkout = await deps.payments.createCheckout({
        bookingId: booking.id,
        amount: klass.price.amount,
        currency: klass.price.currency,
        description: describeSession(klass.title, booking.startsAt, deps.timeZone, 'en'),
        expiresAt: holdUntil,
        successUrl: `${deps.publicUrl}/?booking=${booking.code}&paid=1`,
        cancelUrl: `${deps.publicUrl}/?booking=${booking.code}`,
      });
      return (await set({ holdUntil, checkoutId: checkout.id, paymentUrl: checkout.url })) ?? booking;
    } catch (error) {
      deps.logger.error(
        { err: error, bookingId: booking.id },
        'creating the checkout failed: static payment link instead',
      );
    }
  }
  const links = (await deps.store.settings.getAssistant())?.paymentLinks ?? {};
  const url = links.stripe ?? links.twint ?? links.paypal ?? links.other;
  return url ? ((await set({ paymentUrl: url })) ?? booking) : booking;
}

async function payWithPack(deps: BookingServiceDeps, booking: Booking): Promise<Booking> {
  if (!deps.packs || !(await deps.packs.consume(booking.contactId, booking.id))) return booking;
  const now = deps.clock.now().toISOString();
  return (
    (await deps.store.bookings.transition(booking.id, ['booked'], { paid: true }, now, false)) ?? booking
  );
}
