/**
 * The booking service: deterministic code decides every booking (the assistant only proposes). Places
 * are decided in the store (BookingRepository.book/release); this file adds who may do what, payment,
 * and the messages to the customers concerned.
 */
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CancelReason, Booking, ClassDef } from './types.js';
import type { BookingPaymentEvents, PackCredits, PaymentProvider, PaymentRef } from './payment-port.js';
import { newBookingCode, normaliseCode } from './codes.js';
import { type NotifyDeps, sendBookingMessage } from './notify.js';
import { confirmation, offerMessage } from './messages.js';
import { findSession } from './schedule-view.js';
import { sessionsBetween } from './calendar.js';
import { readBookingSettings } from './settings.js';
import { describeSession, texts } from './texts.js';
import { startPayment } from './payment-steps.js';

export interface BookingServiceDeps extends NotifyDeps {
  logger: Logger;
  /** Online checkout (Stripe); null: `online` classes show the coach's payment links, paid by hand. */
  payments?: PaymentProvider | null;
  /** Pack credits; null: a `pack` booking stays unpaid until the coach marks it. */
  packs?: PackCredits | null;
}

export interface BookInput {
  contactId: string;
  conversationId: string | null;
  sessionId: string;
  /** Booked from a STRICT conversation: only free classes. */
  strict?: boolean;
}

const OPEN: Booking['status'][] = ['booked', 'waiting', 'offered'];

export class BookingService implements BookingPaymentEvents {
  constructor(readonly deps: BookingServiceDeps) {}

  #now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Tells the coach's panel (the /admin socket) what changed; returns the first for chaining. */
  #announce<T extends Booking | null>(booking: T, ...more: (Booking | null)[]): T {
    for (const changed of [booking, ...more])
      if (changed) this.deps.events.emit('booking', { booking: changed });
    return booking;
  }

  async #classOf(booking: Booking): Promise<ClassDef | null> {
    return this.deps.store.classes.get(booking.classId);
  }

  /** Books (or puts on the waiting list) and confirms in the conversation. */
  async book(input: BookInput): Promise<Booking> {
    const { store, timeZone } = this.deps;
    const { klass, session } = await findSession(store, input.sessionId, timeZone);
    if (input.strict && klass.payment !== 'free')
      throw new ForbiddenError('This class cannot be booked from this conversation', 'not_bookable_here');
    if (Date.parse(session.startsAt) <= this.deps.clock.now().getTime())
      throw new ValidationError('This session has already started', 'sessionId');
    const mine = await store.bookings.activeOf(input.contactId, this.#now());
    const existing = mine.find((b) => b.sessionId === session.id);
    if (existing) return existing;
    const now = this.#now();
    const draft: Booking = {
      id: this.deps.ids.next(),
      code: newBookingCode(),
      sessionId: session.id,
      classId: klass.id,
      contactId: input.contactId,
      conversationId: input.conversationId,
      status: 'booked',
      paid: false,
      checkoutId: null,
      paymentUrl: null,
      holdUntil: null,
      offerExpiresAt: null,
      cancelReason: null,
      startsAt: session.startsAt,
      createdAt: now,
      updatedAt: now,
    };
    const stored = await store.bookings.book(draft, klass.capacity);
    if (!stored) throw new ConflictError('This session is cancelled', 'sessionId');
    const booking = stored.status === 'booked' ? await startPayment(this.deps, stored, klass) : stored;
    this.#announce(booking);
    await this.#confirm(booking, klass);
    return booking;
  }

  async #confirm(booking: Booking, klass: ClassDef): Promise<void> {
    await sendBookingMessage(this.deps, booking.conversationId, (lang) =>
      confirmation(this.deps, booking, klass, lang),
    ).catch((error: unknown) =>
      this.deps.logger.error({ err: error, bookingId: booking.id }, 'booking confirmation failed'),
    );
  }

  /** Cancels a booking; `contactId` set: only theirs (another's is not found). */
  async cancel(id: string, by: { contactId?: string; reason: CancelReason }): Promise<Booking> {
    const current = await this.deps.store.bookings.get(id);
    if (!current || (by.contactId && current.contactId !== by.contactId))
      throw new NotFoundError('No such booking', 'bookingId');
    if (current.status === 'cancelled') return current;
    if (!OPEN.includes(current.status))
      throw new ConflictError(`A ${current.status} booking cannot be cancelled`, 'bookingId');
    const cancelled = await this.release(current, by.reason, OPEN);
    // The coach cancelled it: the customer hears it in their conversation (they cancel their own in it).
    if (cancelled && !by.contactId) await this.#tellCancelled(cancelled);
    return cancelled ?? ((await this.deps.store.bookings.get(id)) as Booking);
  }

  async #tellCancelled(booking: Booking): Promise<void> {
    const klass = await this.#classOf(booking);
    const { timeZone } = this.deps;
    await sendBookingMessage(this.deps, booking.conversationId, (lang) => ({
      text: texts(lang).cancelled(describeSession(klass?.title ?? '', booking.startsAt, timeZone, lang)),
    })).catch((error: unknown) =>
      this.deps.logger.error({ err: error, bookingId: booking.id }, 'cancel notice failed'),
    );
  }

  /**
   * Gives the booking's place back (to the next waiting booking as an offer, told so), gives back a pack
   * session it took, and tells the customer. Null when its status was not in `from` any more.
   */
  async release(
    booking: Booking,
    reason: CancelReason,
    from: Booking['status'][],
    paid?: boolean,
  ): Promise<Booking | null> {
    const { store, clock } = this.deps;
    const settings = await readBookingSettings(store.settings);
    const offerUntil = new Date(clock.now().getTime() + settings.offerMinutes * 60_000).toISOString();
    const options = { reason, now: this.#now(), offerUntil, from, ...(paid === undefined ? {} : { paid }) };
    const { cancelled, offered } = await store.bookings.release(booking.id, options);
    if (!cancelled) return null;
    this.#announce(cancelled, offered);
    const klass = await this.#classOf(cancelled);
    if (klass?.payment === 'pack' && cancelled.paid) await this.deps.packs?.restore(cancelled.id);
    if (offered && klass) await this.#tellOffered(offered, klass);
    return cancelled;
  }

  async #tellOffered(offered: Booking, klass: ClassDef): Promise<void> {
    await sendBookingMessage(this.deps, offered.conversationId, (lang) =>
      offerMessage(this.deps, offered, klass, lang),
    ).catch((error: unknown) =>
      this.deps.logger.error({ err: error, bookingId: offered.id }, 'offer message failed'),
    );
  }

  /** The customer takes the place offered to them. */
  async accept(id: string, contactId: string): Promise<Booking> {
    const current = await this.deps.store.bookings.get(id);
    if (!current || current.contactId !== contactId) throw new NotFoundError('No such booking', 'bookingId');
    if (current.status === 'booked') return current;
    const accepted = await this.deps.store.bookings.accept(id, this.#now());
    if (!accepted) throw new ConflictError('This place is no longer on offer', 'bookingId');
    const klass = await this.#classOf(accepted);
    if (!klass) return accepted;
    const booking = this.#announce(await startPayment(this.deps, accepted, klass));
    await this.#confirm(booking, klass);
    return booking;
  }

  /** Check-in at the door: 404 unknown code, 409 already checked in, not booked, or unpaid online. */
  async checkIn(code: string): Promise<Booking> {
    const { store } = this.deps;
    const booking = await store.bookings.getByCode(normaliseCode(code));
    if (!booking) throw new NotFoundError('No booking has this code', 'code');
    if (booking.status === 'checked_in')
      throw new ConflictError('This booking is already checked in', 'code');
    if (booking.status !== 'booked' && booking.status !== 'no_show')
      throw new ConflictError(`This booking is ${booking.status}`, 'code');
    const klass = await this.#classOf(booking);
    if (klass?.payment === 'online' && !booking.paid)
      throw new ConflictError('This booking is not paid', 'code');
    const done = await store.bookings.transition(
      booking.id,
      ['booked', 'no_show'],
      { status: 'checked_in' },
      this.#now(),
    );
    if (!done) throw new ConflictError('This booking changed meanwhile; try again', 'code');
    return this.#announce(done);
  }

  /** The coach marks a booking paid (cash, transfer): its hold ends. */
  async markPaidManually(id: string): Promise<Booking> {
    const current = await this.deps.store.bookings.get(id);
    if (!current) throw new NotFoundError('No such booking', 'id');
    if (current.status === 'cancelled') throw new ConflictError('This booking is cancelled', 'id');
    const from: Booking['status'][] = ['booked', 'waiting', 'offered', 'checked_in', 'no_show'];
    const paid = await this.deps.store.bookings.transition(
      id,
      from,
      { paid: true, holdUntil: null },
      this.#now(),
      false,
    );
    return paid ?? ((await this.deps.store.bookings.get(id)) as Booking);
  }

  /** The class's capacity was raised: its sessions to come offer the new places to their waiting lists. */
  async offerRaisedCapacity(klass: ClassDef): Promise<number> {
    const { store, clock, timeZone } = this.deps;
    const now = clock.now();
    const ahead = sessionsBetween(klass, now, new Date(now.getTime() + 366 * 86_400_000), timeZone);
    const states = await store.bookings.sessions(ahead.map((s) => s.id));
    const settings = await readBookingSettings(store.settings);
    const offerUntil = new Date(now.getTime() + settings.offerMinutes * 60_000).toISOString();
    let count = 0;
    for (const state of states.filter((s) => s.waiting > 0 && s.booked < klass.capacity)) {
      const offered = await store.bookings.offerFreed(state.id, klass.capacity, {
        now: now.toISOString(),
        offerUntil,
      });
      this.#announce(null, ...offered);
      for (const booking of offered) await this.#tellOffered(booking, klass);
      count += offered.length;
    }
    return count;
  }

  /** The coach cancels a session: every booking on it is cancelled and its customer told. */
  async cancelSession(sessionId: string): Promise<Booking[]> {
    const { store, timeZone } = this.deps;
    const { klass, session } = await findSession(store, sessionId, timeZone);
    const cancelled = await store.bookings.cancelSession(session, this.#now());
    this.#announce(null, ...cancelled);
    for (const booking of cancelled) {
      if (klass.payment === 'pack' && booking.paid) await this.deps.packs?.restore(booking.id);
      await sendBookingMessage(this.deps, booking.conversationId, (lang) => ({
        text: texts(lang).sessionCancelled(describeSession(klass.title, booking.startsAt, timeZone, lang)),
      })).catch((error: unknown) =>
        this.deps.logger.error({ err: error, bookingId: booking.id }, 'cancel notice failed'),
      );
    }
    return cancelled;
  }

  async #byRef(ref: PaymentRef): Promise<Booking | null> {
    const { bookings } = this.deps.store;
    return 'bookingId' in ref ? bookings.get(ref.bookingId) : bookings.getByCheckout(ref.checkoutId);
  }

  async markPaid(ref: PaymentRef): Promise<Booking | null> {
    const booking = await this.#byRef(ref);
    if (!booking || booking.paid || booking.status === 'cancelled') return booking;
    const from: Booking['status'][] = ['booked', 'checked_in', 'no_show'];
    const paid = await this.deps.store.bookings.transition(
      booking.id,
      from,
      { paid: true, holdUntil: null },
      this.#now(),
      false,
    );
    return this.#announce(paid) ?? this.deps.store.bookings.get(booking.id);
  }

  async expire(ref: PaymentRef): Promise<Booking | null> {
    const booking = await this.#byRef(ref);
    if (!booking) return null;
    const cancelled = await this.release(booking, 'payment_expired', ['booked'], false);
    if (cancelled?.checkoutId) await this.#closeCheckout(cancelled.checkoutId);
    if (cancelled) await this.#tellExpired(cancelled);
    return cancelled ?? this.deps.store.bookings.get(booking.id);
  }

  /** The place is gone: its checkout must not take a payment (a late one is refunded otherwise). */
  async #closeCheckout(checkoutId: string): Promise<void> {
    await this.deps.payments
      ?.cancelCheckout?.(checkoutId)
      .catch((error: unknown) =>
        this.deps.logger.warn(
          { err: error, checkoutId },
          'closing the checkout failed: a late payment is refunded',
        ),
      );
  }

  async #tellExpired(booking: Booking): Promise<void> {
    const klass = await this.#classOf(booking);
    if (!klass) return;
    const { timeZone } = this.deps;
    await sendBookingMessage(this.deps, booking.conversationId, (lang) => ({
      text: texts(lang).expired(describeSession(klass.title, booking.startsAt, timeZone, lang)),
    })).catch((error: unknown) =>
      this.deps.logger.error({ err: error, bookingId: booking.id }, 'expiry notice failed'),
    );
  }

  async refund(ref: PaymentRef): Promise<Booking | null> {
    const booking = await this.#byRef(ref);
    if (!booking) return null;
    const cancelled = await this.release(booking, 'refunded', ['booked', 'waiting', 'offered']);
    return cancelled ?? this.deps.store.bookings.get(booking.id);
  }
}
