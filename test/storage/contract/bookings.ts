import { describe, expect, it } from 'vitest';
import type { Booking, ClassDef } from '../../../core/bookings/types.js';
import type { Store } from '../../../storage/types.js';
import { at, type ContractContext, makeContact, newId } from './fixtures.js';

export function makeClass(overrides: Partial<ClassDef> = {}): ClassDef {
  return {
    id: newId(),
    title: 'Yoga doux',
    description: 'Mat provided',
    place: 'Studio 2',
    startsAt: at(60 * 24),
    durationMinutes: 60,
    capacity: 3,
    price: { amount: 25, currency: 'CHF' },
    payment: 'manual',
    repeat: { weekly: true, except: ['2024-01-09'] },
    reminders: [1440, 120],
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeBooking(klass: ClassDef, contactId: string, overrides: Partial<Booking> = {}): Booking {
  const id = newId();
  return {
    id,
    code: id.slice(-8),
    sessionId: `${klass.id}-20240102`,
    classId: klass.id,
    contactId,
    conversationId: null,
    status: 'booked',
    paid: false,
    checkoutId: null,
    paymentUrl: null,
    holdUntil: null,
    offerExpiresAt: null,
    cancelReason: null,
    startsAt: klass.startsAt,
    createdAt: at(1),
    updatedAt: at(1),
    ...overrides,
  };
}

/** 20 bookings at once for the 3 places of a session, over the given stores in turn. */
export async function raceForThreePlaces(stores: Store[]): Promise<Booking[]> {
  const [first] = stores;
  const klass = await first!.classes.create(makeClass({ capacity: 3 }));
  const contact = await first!.contacts.create(makeContact());
  return Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      stores[i % stores.length]!.bookings.book(makeBooking(klass, contact.id), 3),
    ),
  ) as Promise<Booking[]>;
}

export function describeBookings(context: ContractContext): void {
  const store = () => context.store();

  async function seed(capacity = 2) {
    const klass = await store().classes.create(makeClass({ capacity }));
    const contact = await store().contacts.create(
      makeContact({ name: 'Aïcha Benali', phone: '+41791234567' }),
    );
    return { klass, contact };
  }

  describe('classes and bookings', () => {
    it('stores a class with every field and patches it', async () => {
      const klass = await store().classes.create(makeClass());
      expect(await store().classes.get(klass.id)).toEqual(klass);
      const patched = await store().classes.update(klass.id, { capacity: 9, price: null, updatedAt: at(5) });
      expect(patched).toEqual({ ...klass, capacity: 9, price: null, updatedAt: at(5) });
      expect(await store().classes.list()).toEqual([patched]);
      expect(await store().classes.delete(klass.id)).toBe(true);
      expect(await store().classes.get(klass.id)).toBeNull();
    });

    it('books while places are left, then puts on the waiting list', async () => {
      const { klass, contact } = await seed(2);
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await store().bookings.book(makeBooking(klass, contact.id), 2));
      expect(made.map((b) => b?.status)).toEqual(['booked', 'booked', 'waiting']);
      const [session] = await store().bookings.sessions([`${klass.id}-20240102`, 'unknown']);
      expect(session).toEqual({
        id: `${klass.id}-20240102`,
        classId: klass.id,
        startsAt: klass.startsAt,
        booked: 2,
        waiting: 1,
        cancelled: false,
      });
      expect(await store().bookings.getByCode(made[0]!.code)).toEqual(made[0]);
    });

    it('never holds more places than the capacity when 20 book at once', async () => {
      const results = await raceForThreePlaces([store()]);
      expect(results.filter((b) => b.status === 'booked')).toHaveLength(3);
      expect(results.filter((b) => b.status === 'waiting')).toHaveLength(17);
      const [session] = await store().bookings.sessions([results[0]!.sessionId]);
      expect(session?.booked).toBe(3);
    });

    it('offers a freed place to the earliest waiting booking, then gives it back when none waits', async () => {
      const { klass, contact } = await seed(1);
      const held = (await store().bookings.book(makeBooking(klass, contact.id), 1))!;
      const first = (await store().bookings.book(makeBooking(klass, contact.id), 1))!;
      const second = (await store().bookings.book(makeBooking(klass, contact.id), 1))!;
      const options = { reason: 'customer' as const, now: at(10), offerUntil: at(130) };
      const release = await store().bookings.release(held.id, options);
      expect(release.cancelled).toMatchObject({ id: held.id, status: 'cancelled', cancelReason: 'customer' });
      expect(release.offered).toMatchObject({ id: first.id, status: 'offered', offerExpiresAt: at(130) });
      // Cancelling again changes nothing.
      expect(await store().bookings.release(held.id, options)).toEqual({ cancelled: null, offered: null });
      expect(await store().bookings.expiredOffers(at(129), 10)).toEqual([]);
      expect((await store().bookings.expiredOffers(at(130), 10)).map((b) => b.id)).toEqual([first.id]);
      expect(await store().bookings.accept(first.id, at(131))).toBeNull();
      const expired = await store().bookings.release(first.id, {
        ...options,
        reason: 'offer_expired',
        now: at(131),
        offerUntil: at(250),
      });
      expect(expired.offered?.id).toBe(second.id);
      expect(await store().bookings.accept(second.id, at(140))).toMatchObject({
        status: 'booked',
        offerExpiresAt: null,
      });
      await store().bookings.release(second.id, { ...options, now: at(150) });
      const [session] = await store().bookings.sessions([held.sessionId]);
      expect(session).toMatchObject({ booked: 0, waiting: 0 });
      // The place is free again for a new booking.
      expect((await store().bookings.book(makeBooking(klass, contact.id), 1))?.status).toBe('booked');
    });

    it('offers the places a raised capacity opens to the earliest waiting bookings', async () => {
      const { klass, contact } = await seed(1);
      const made = [];
      for (let i = 0; i < 4; i++)
        made.push((await store().bookings.book(makeBooking(klass, contact.id), 1))!);
      const options = { now: at(5), offerUntil: at(125) };
      const offered = await store().bookings.offerFreed(made[0]!.sessionId, 3, options);
      expect(offered.map((b) => [b.id, b.status, b.offerExpiresAt])).toEqual([
        [made[1]!.id, 'offered', at(125)],
        [made[2]!.id, 'offered', at(125)],
      ]);
      expect((await store().bookings.sessions([made[0]!.sessionId]))[0]).toMatchObject({
        booked: 3,
        waiting: 1,
      });
      expect(await store().bookings.offerFreed(made[0]!.sessionId, 3, options)).toEqual([]);
      expect(await store().bookings.offerFreed(made[0]!.sessionId, 9, options)).toHaveLength(1);
      expect((await store().bookings.sessions([made[0]!.sessionId]))[0]).toMatchObject({
        booked: 4,
        waiting: 0,
      });
    });

    it('cancels only from the statuses allowed', async () => {
      const { klass, contact } = await seed(1);
      const booking = (await store().bookings.book(makeBooking(klass, contact.id), 1))!;
      await store().bookings.transition(booking.id, ['booked'], { status: 'checked_in' }, at(5));
      const refused = await store().bookings.release(booking.id, {
        reason: 'customer',
        now: at(6),
        offerUntil: at(7),
      });
      expect(refused.cancelled).toBeNull();
      expect((await store().bookings.get(booking.id))?.status).toBe('checked_in');
    });

    it('changes a booking by compare-and-set on its status and paid flag', async () => {
      const { klass, contact } = await seed(3);
      const booking = (await store().bookings.book(
        makeBooking(klass, contact.id, { holdUntil: at(30) }),
        3,
      ))!;
      const patch = { checkoutId: 'cs_1', paymentUrl: 'https://pay.example/cs_1' };
      expect(await store().bookings.transition(booking.id, ['booked'], patch, at(2))).toMatchObject(patch);
      expect((await store().bookings.getByCheckout('cs_1'))?.id).toBe(booking.id);
      expect((await store().bookings.expiredHolds(at(30), 10)).map((b) => b.id)).toEqual([booking.id]);
      const paid = await store().bookings.transition(
        booking.id,
        ['booked'],
        { paid: true, holdUntil: null },
        at(3),
        false,
      );
      expect(paid).toMatchObject({ paid: true, holdUntil: null, updatedAt: at(3) });
      expect(
        await store().bookings.transition(booking.id, ['booked'], { paid: true }, at(4), false),
      ).toBeNull();
      expect(
        await store().bookings.transition(booking.id, ['waiting'], { status: 'booked' }, at(4)),
      ).toBeNull();
      expect(await store().bookings.expiredHolds(at(40), 10)).toEqual([]);
    });

    it('cancels a session with every booking on it and refuses new ones', async () => {
      const { klass, contact } = await seed(1);
      const a = (await store().bookings.book(makeBooking(klass, contact.id), 1))!;
      const b = (await store().bookings.book(makeBooking(klass, contact.id), 1))!;
      const session = { id: a.sessionId, classId: klass.id, startsAt: klass.startsAt };
      const cancelled = await store().bookings.cancelSession(session, at(9));
      expect(cancelled.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
      expect(cancelled.every((x) => x.cancelReason === 'session_cancelled')).toBe(true);
      expect(await store().bookings.book(makeBooking(klass, contact.id), 1)).toBeNull();
      expect((await store().bookings.sessions([a.sessionId]))[0]).toMatchObject({
        cancelled: true,
        booked: 0,
      });
    });

    it('finds bookings by name, phone, code, class title, date, status and paid', async () => {
      const { klass, contact } = await seed(5);
      const other = await store().contacts.create(makeContact({ name: 'Bruno' }));
      const a = (await store().bookings.book(makeBooking(klass, contact.id, { code: 'K7Q2XW' }), 5))!;
      const b = (await store().bookings.book(
        makeBooking(klass, other.id, { startsAt: at(60 * 24 * 8), sessionId: `${klass.id}-20240109` }),
        5,
      ))!;
      const ids = async (query: object) => (await store().bookings.list(query)).items.map((x) => x.id);
      expect(await ids({})).toEqual([b.id, a.id]);
      expect(await ids({ text: 'aicha' })).toEqual([a.id]);
      expect(await ids({ text: '791234' })).toEqual([a.id]);
      expect(await ids({ text: 'k7q2' })).toEqual([a.id]);
      expect(await ids({ text: 'yoga' })).toEqual([b.id, a.id]);
      expect(await ids({ from: at(60 * 24 * 7), to: at(60 * 24 * 9) })).toEqual([b.id]);
      expect(await ids({ sessionId: a.sessionId })).toEqual([a.id]);
      expect(await ids({ status: 'waiting' })).toEqual([]);
      expect(await ids({ paid: false, limit: 1 })).toEqual([b.id]);
      expect((await store().bookings.list({ limit: 1 })).total).toBe(2);
      expect((await store().bookings.activeOf(contact.id, at(0))).map((x) => x.id)).toEqual([a.id]);
      expect(await store().bookings.activeCount(klass.id, at(0))).toBe(2);
      expect((await store().bookings.bookedStarting(at(0), at(60 * 24), 10)).map((x) => x.id)).toEqual([
        a.id,
      ]);
      await store().bookings.transition(a.id, ['booked'], { status: 'no_show' }, at(5));
      expect(await store().bookings.noShows(contact.id)).toBe(1);
    });

    it('keeps one reminder ledger row per booking and reminder', async () => {
      expect(await store().bookings.claimReminder('b1', 120, 'sent', at(1))).toBe(true);
      expect(await store().bookings.claimReminder('b1', 120, 'sent', at(2))).toBe(false);
      expect(await store().bookings.claimReminder('b1', 1440, 'skipped', at(2))).toBe(true);
    });

    it('moves the start of a session and its bookings when the class moves', async () => {
      const { klass, contact } = await seed(2);
      const booking = (await store().bookings.book(makeBooking(klass, contact.id), 2))!;
      await store().bookings.ensureSession({ id: booking.sessionId, classId: klass.id, startsAt: at(99) });
      expect((await store().bookings.get(booking.id))?.startsAt).toBe(at(99));
      expect((await store().bookings.sessions([booking.sessionId]))[0]?.startsAt).toBe(at(99));
    });
  });
}
