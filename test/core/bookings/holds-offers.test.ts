/** Online holds through the payment port, freed places offered in turn, and who may cancel what. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckoutRequest, PaymentProvider } from '../../../core/bookings/payment-port.js';
import { updateClass } from '../../../core/bookings/classes-admin.js';
import { sweepBookings } from '../../../core/bookings/sweeper.js';
import { ConflictError, NotFoundError } from '../../../core/errors.js';
import { createEmbeddedStore } from '../../../storage/embedded/store.js';
import { type Harness, harness, settableClock } from './harness.js';

/** A provider that records each checkout asked for and hands out numbered ones (or fails when told). */
class RecordingPayments implements PaymentProvider {
  readonly requests: CheckoutRequest[] = [];
  failing = false;
  async createCheckout(request: CheckoutRequest) {
    if (this.failing) throw new Error('provider unreachable');
    this.requests.push(request);
    const id = `cs_${this.requests.length}`;
    return { id, url: `https://checkout.example/${id}` };
  }
}

let h: Harness;
let payments: RecordingPayments;

beforeEach(async () => {
  payments = new RecordingPayments();
  h = harness(
    await createEmbeddedStore({ filename: ':memory:' }),
    settableClock('2026-12-07T10:00:00Z'),
    payments,
  );
});

async function book(name: string, sessionId: string) {
  const { contact, conversation } = await h.customer(name);
  const booking = await h.service.book({ contactId: contact.id, conversationId: conversation.id, sessionId });
  return { contact, conversation, booking };
}

describe('online payment holds', () => {
  it('holds the place holdMinutes, frees it to the waiting list when unpaid, keeps it once paid', async () => {
    const klass = await h.klass({ payment: 'online', price: { amount: 25, currency: 'CHF' }, capacity: 1 });
    const sessionId = `${klass.id}-20261210`;
    const ada = await book('Ada', sessionId);
    expect(ada.booking).toMatchObject({
      status: 'booked',
      checkoutId: 'cs_1',
      paymentUrl: 'https://checkout.example/cs_1',
      holdUntil: '2026-12-07T10:30:00.000Z',
    });
    expect(payments.requests[0]).toMatchObject({
      bookingId: ada.booking.id,
      amount: 25,
      currency: 'CHF',
      expiresAt: '2026-12-07T10:30:00.000Z',
    });
    const confirmation = await h.store.messages.list(ada.conversation.id, { limit: 1 });
    // The checkout URL goes out as a tracked link of the business.
    expect(confirmation[0]!.text).toContain('https://coach.example/p/');
    const bob = await book('Bob', sessionId);
    expect(bob.booking.status).toBe('waiting');

    h.clock.advance(31);
    expect((await sweepBookings(h.service)).expiredHolds).toBe(1);
    expect(await h.store.bookings.get(ada.booking.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'payment_expired',
    });
    const offered = await h.store.bookings.get(bob.booking.id);
    expect(offered).toMatchObject({ status: 'offered', offerExpiresAt: '2026-12-07T12:31:00.000Z' });
    const accepted = await h.service.accept(bob.booking.id, bob.contact.id);
    expect(accepted).toMatchObject({
      status: 'booked',
      checkoutId: 'cs_2',
      holdUntil: '2026-12-07T11:01:00.000Z',
    });

    expect(await h.service.markPaid({ checkoutId: 'cs_2' })).toMatchObject({ paid: true, holdUntil: null });
    expect(await h.service.markPaid({ checkoutId: 'cs_2' })).toMatchObject({ paid: true });
    // A late expiry event for a paid booking changes nothing.
    expect(await h.service.expire({ checkoutId: 'cs_2' })).toMatchObject({ status: 'booked', paid: true });
    h.clock.advance(60);
    expect((await sweepBookings(h.service)).expiredHolds).toBe(0);
    expect(await h.service.markPaid({ checkoutId: 'unknown' })).toBeNull();
  });

  it('cancels on checkout.session.expired and refunds free the place', async () => {
    const klass = await h.klass({ payment: 'online', price: { amount: 25, currency: 'CHF' }, capacity: 1 });
    const ada = await book('Ada', `${klass.id}-20261210`);
    expect(await h.service.expire({ checkoutId: 'cs_1' })).toMatchObject({
      status: 'cancelled',
      cancelReason: 'payment_expired',
    });
    const bea = await book('Bea', `${klass.id}-20261210`);
    expect(bea.booking.status).toBe('booked');
    await h.service.markPaid({ bookingId: bea.booking.id });
    expect(await h.service.refund({ bookingId: bea.booking.id })).toMatchObject({
      status: 'cancelled',
      cancelReason: 'refunded',
    });
    expect((await h.store.bookings.sessions([ada.booking.sessionId]))[0]!.booked).toBe(0);
  });

  it('without a working provider, keeps the place with no hold (paid by hand)', async () => {
    payments.failing = true;
    const klass = await h.klass({ payment: 'online', price: { amount: 25, currency: 'CHF' } });
    const { booking } = await book('Ada', `${klass.id}-20261210`);
    expect(booking).toMatchObject({ status: 'booked', holdUntil: null, checkoutId: null });
    await expect(h.service.checkIn(booking.code)).rejects.toThrow(ConflictError);
    expect(await h.service.markPaidManually(booking.id)).toMatchObject({ paid: true });
    expect(await h.service.checkIn(booking.code.toLowerCase())).toMatchObject({ status: 'checked_in' });
  });
});

describe('freed places and cancelling', () => {
  it('offers a freed place in turn: an offer that runs out goes to the next one', async () => {
    const klass = await h.klass({ capacity: 1 });
    const sessionId = `${klass.id}-20261210`;
    const ada = await book('Ada', sessionId);
    const bob = await book('Bob', sessionId);
    const cy = await book('Cy', sessionId);
    await h.service.cancel(ada.booking.id, { contactId: ada.contact.id, reason: 'customer' });
    expect((await h.store.bookings.get(bob.booking.id))?.status).toBe('offered');
    const offer = (await h.store.messages.list(bob.conversation.id, { limit: 1 }))[0]!;
    expect(offer.actions?.map((a) => a.id)).toEqual([`accept:${bob.booking.id}`, `cancel:${bob.booking.id}`]);
    h.clock.advance(121);
    expect((await sweepBookings(h.service)).expiredOffers).toBe(1);
    await expect(h.service.accept(bob.booking.id, bob.contact.id)).rejects.toThrow(ConflictError);
    expect((await h.store.bookings.get(cy.booking.id))?.status).toBe('offered');
    expect(await h.service.accept(cy.booking.id, cy.contact.id)).toMatchObject({ status: 'booked' });
  });

  it('lets a customer cancel only their own booking, and no-shows are counted', async () => {
    const klass = await h.klass({ capacity: 3 });
    const ada = await book('Ada', `${klass.id}-20261210`);
    const bob = await book('Bob', `${klass.id}-20261210`);
    await expect(
      h.service.cancel(ada.booking.id, { contactId: bob.contact.id, reason: 'customer' }),
    ).rejects.toThrow(NotFoundError);
    expect((await h.store.bookings.get(ada.booking.id))?.status).toBe('booked');
    await expect(h.service.accept(ada.booking.id, bob.contact.id)).rejects.toThrow(NotFoundError);
    // Booking the same session again returns the booking already made.
    expect(
      (
        await h.service.book({
          contactId: ada.contact.id,
          conversationId: null,
          sessionId: ada.booking.sessionId,
        })
      ).id,
    ).toBe(ada.booking.id);
    h.clock.set('2026-12-11T06:00:00Z'); // 12 h after the class began
    expect((await sweepBookings(h.service)).noShows).toBe(2);
    expect(await h.store.bookings.noShows(ada.contact.id)).toBe(1);
  });
});

describe('changing a class', () => {
  it('moves its booked sessions and their bookings to the new time', async () => {
    const klass = await h.klass({ startsAt: '2026-12-10T18:30', repeat: { weekly: true } });
    const ada = await book('Ada', `${klass.id}-20261217`);
    const deps = { store: h.store, ids: { next: () => 'x' }, clock: h.clock, timeZone: 'Europe/Zurich' };
    await updateClass(deps, klass.id, { startsAt: '2026-12-10T19:00' });
    expect((await h.store.bookings.get(ada.booking.id))?.startsAt).toBe('2026-12-17T18:00:00.000Z');
    expect((await h.store.bookings.sessions([ada.booking.sessionId]))[0]?.startsAt).toBe(
      '2026-12-17T18:00:00.000Z',
    );
  });
});
