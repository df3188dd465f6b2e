/** Classes and bookings in Maps: places counted on the session as the SQL store does. */
import type {
  BookingListQuery,
  BookingRepository,
  ClassRepository,
  Page,
  Release,
  ReleaseOptions,
  SessionState,
} from '../../../core/repositories.js';
import type { Booking, BookingStatus } from '../../../core/bookings/types.js';
import { crud } from './crud.js';
import { compare, conflict, copy, fold, type Gate, key, type MemoryState, slice } from './state.js';

const HOLDING: BookingStatus[] = ['booked', 'offered', 'checked_in', 'no_show'];
const ACTIVE: BookingStatus[] = ['booked', 'waiting', 'offered'];
type SessionKey = { id: string; classId: string; startsAt: string };

export function createClassRepository(state: MemoryState, gate: Gate): ClassRepository {
  const { findBy: _f, filter: _g, ...rest } = crud(gate, { table: state.classes, label: 'class' });
  return rest;
}

export function createBookingRepository(state: MemoryState, gate: Gate): BookingRepository {
  const { bookings, classSessions } = state;
  const waitingOf = (id: string) =>
    [...bookings.values()].filter((b) => b.sessionId === id && b.status === 'waiting');
  const ensure = (session: SessionKey) => {
    const row = classSessions.get(session.id);
    if (!row) classSessions.set(session.id, { ...session, booked: 0, cancelled: false });
    else if (row.startsAt !== session.startsAt) {
      row.startsAt = session.startsAt;
      for (const b of bookings.values()) if (b.sessionId === session.id) b.startsAt = session.startsAt;
    }
    return classSessions.get(session.id)!;
  };
  const sorted = (keep: (b: Booking) => boolean, by: (a: Booking, b: Booking) => number) =>
    [...bookings.values()].filter(keep).sort(by).map(copy);
  const byStart = (a: Booking, b: Booking) => compare(a.startsAt, b.startsAt) || compare(a.id, b.id);
  const insert = (booking: Booking) => {
    for (const other of bookings.values()) {
      if (other.code === booking.code) throw conflict('booking', ['code']);
      if (booking.checkoutId && other.checkoutId === booking.checkoutId)
        throw conflict('booking', ['checkoutId']);
    }
    bookings.set(booking.id, copy(booking));
  };
  const matches = (b: Booking, q: BookingListQuery) => {
    if (q.sessionId && b.sessionId !== q.sessionId) return false;
    if (q.status && b.status !== q.status) return false;
    if (q.paid !== undefined && b.paid !== q.paid) return false;
    if (q.from && b.startsAt < q.from) return false;
    if (q.to && b.startsAt >= q.to) return false;
    if (!q.text) return true;
    const contact = state.contacts.get(b.contactId);
    const title = state.classes.get(b.classId)?.title ?? '';
    const haystacks = [
      fold([contact?.name, contact?.email, contact?.phone].filter(Boolean).join(' ')),
      b.code.toLowerCase(),
      fold(title),
    ];
    return haystacks.some((text) => text.includes(q.text!));
  };

  return {
    ensureSession: (session) => gate(() => void ensure(session)),
    sessions: (ids) =>
      gate(() =>
        ids.flatMap((id): SessionState[] => {
          const row = classSessions.get(id);
          return row ? [{ ...copy(row), waiting: waitingOf(id).length }] : [];
        }),
      ),
    book: (booking, capacity) =>
      gate(() => {
        const session = ensure({
          id: booking.sessionId,
          classId: booking.classId,
          startsAt: booking.startsAt,
        });
        if (session.cancelled) return null;
        const took = waitingOf(session.id).length === 0 && session.booked < capacity;
        const stored: Booking = { ...booking, status: took ? 'booked' : 'waiting' };
        insert(stored);
        if (took) session.booked++;
        return copy(stored);
      }),
    get: (id) => gate(() => copy(bookings.get(id) ?? null)),
    getByCode: (code) => gate(() => copy([...bookings.values()].find((b) => b.code === code) ?? null)),
    getByCheckout: (id) => gate(() => copy([...bookings.values()].find((b) => b.checkoutId === id) ?? null)),
    release: (id, options: ReleaseOptions) =>
      gate((): Release => {
        const current = bookings.get(id);
        const from = options.from ?? ACTIVE;
        if (!current || !from.includes(current.status)) return { cancelled: null, offered: null };
        if (options.paid !== undefined && current.paid !== options.paid)
          return { cancelled: null, offered: null };
        const held = HOLDING.includes(current.status);
        Object.assign(current, {
          status: 'cancelled',
          cancelReason: options.reason,
          offerExpiresAt: null,
          holdUntil: null,
          updatedAt: options.now,
        });
        const session = classSessions.get(current.sessionId);
        if (!held || !session || session.cancelled) return { cancelled: copy(current), offered: null };
        const next = waitingOf(current.sessionId).sort((a, b) => compare(a.id, b.id))[0];
        if (!next) {
          session.booked = Math.max(0, session.booked - 1);
          return { cancelled: copy(current), offered: null };
        }
        Object.assign(next, {
          status: 'offered',
          offerExpiresAt: options.offerUntil,
          updatedAt: options.now,
        });
        return { cancelled: copy(current), offered: copy(next) };
      }),
    offerFreed: (sessionId, capacity, options) =>
      gate(() => {
        const session = classSessions.get(sessionId);
        const offered: Booking[] = [];
        if (!session || session.cancelled) return offered;
        for (const next of waitingOf(sessionId).sort((a, b) => compare(a.id, b.id))) {
          if (session.booked >= capacity) break;
          Object.assign(next, {
            status: 'offered',
            offerExpiresAt: options.offerUntil,
            updatedAt: options.now,
          });
          session.booked++;
          offered.push(copy(next));
        }
        return offered;
      }),
    accept: (id, now) =>
      gate(() => {
        const current = bookings.get(id);
        if (current?.status !== 'offered' || !(current.offerExpiresAt! > now)) return null;
        Object.assign(current, { status: 'booked', offerExpiresAt: null, updatedAt: now });
        return copy(current);
      }),
    transition: (id, from, patch, now, paid) =>
      gate(() => {
        const current = bookings.get(id);
        if (!current || !from.includes(current.status)) return null;
        if (paid !== undefined && current.paid !== paid) return null;
        if (patch.checkoutId) {
          for (const other of bookings.values())
            if (other.id !== id && other.checkoutId === patch.checkoutId)
              throw conflict('booking', ['checkoutId']);
        }
        for (const [name, value] of Object.entries(patch))
          if (value !== undefined) (current as never as Record<string, unknown>)[name] = value;
        current.updatedAt = now;
        return copy(current);
      }),
    expiredOffers: (now, limit) =>
      gate(() =>
        sorted(
          (b) => b.status === 'offered' && b.offerExpiresAt! <= now,
          (a, b) => compare(a.offerExpiresAt!, b.offerExpiresAt!),
        ).slice(0, limit),
      ),
    expiredHolds: (now, limit) =>
      gate(() =>
        sorted(
          (b) => b.status === 'booked' && !b.paid && b.holdUntil !== null && b.holdUntil <= now,
          (a, b) => compare(a.holdUntil!, b.holdUntil!),
        ).slice(0, limit),
      ),
    bookedStarting: (after, until, limit) =>
      gate(() =>
        sorted((b) => b.status === 'booked' && b.startsAt > after && b.startsAt <= until, byStart).slice(
          0,
          limit,
        ),
      ),
    cancelSession: (session, now) =>
      gate(() => {
        const row = ensure(session);
        row.cancelled = true;
        row.booked = 0;
        const cancelled: Booking[] = [];
        for (const b of bookings.values()) {
          if (b.sessionId !== session.id || !ACTIVE.includes(b.status)) continue;
          Object.assign(b, {
            status: 'cancelled',
            cancelReason: 'session_cancelled',
            offerExpiresAt: null,
            holdUntil: null,
            updatedAt: now,
          });
          cancelled.push(copy(b));
        }
        return cancelled;
      }),
    list: (query) =>
      gate((): Page<Booking> => {
        const all = sorted(
          (b) => matches(b, query),
          (a, b) => compare(b.id, a.id),
        );
        return { items: slice(all, query), total: all.length };
      }),
    activeOf: (contactId, after) =>
      gate(() =>
        sorted((b) => b.contactId === contactId && b.startsAt > after && ACTIVE.includes(b.status), byStart),
      ),
    noShows: (contactId) =>
      gate(
        () =>
          [...bookings.values()].filter((b) => b.contactId === contactId && b.status === 'no_show').length,
      ),
    activeCount: (classId, after) =>
      gate(
        () =>
          [...bookings.values()].filter(
            (b) => b.classId === classId && b.startsAt > after && ACTIVE.includes(b.status),
          ).length,
      ),
    claimReminder: (bookingId, minutes, outcome) =>
      gate(() => {
        const id = key(bookingId, String(minutes));
        if (state.bookingReminders.has(id)) return false;
        state.bookingReminders.set(id, outcome);
        return true;
      }),
  };
}
