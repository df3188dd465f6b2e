/**
 * Ports of classes and bookings (see repositories.ts). Places are decided in the store: a session's
 * row counts the places held, and taking or giving back a place is a conditional update on that row,
 * in the same atomic unit as the booking it concerns, so concurrent bookings through any process never
 * hold more places than the class has.
 */
import type { Page, PageQuery } from './repositories.js';
import type { Booking, BookingStatus, CancelReason, ClassDef } from './bookings/types.js';

export interface ClassRepository {
  create(entity: ClassDef): Promise<ClassDef>;
  get(id: string): Promise<ClassDef | null>;
  update(id: string, patch: Partial<Omit<ClassDef, 'id' | 'createdAt'>>): Promise<ClassDef | null>;
  delete(id: string): Promise<boolean>;
  /** Every class, oldest first (a business has tens, not thousands). */
  list(): Promise<ClassDef[]>;
}

/** What the store holds of a session (the rest is computed from its class). */
export interface SessionState {
  id: string;
  classId: string;
  startsAt: string;
  /** Places held: booked, offered, checked in, no-show. */
  booked: number;
  waiting: number;
  cancelled: boolean;
}

export interface BookingListQuery extends PageQuery {
  /** Folded text matched against the contact's name, email and phone, the code and the class title. */
  text?: string;
  /** Sessions starting in [from, to) (ISO instants): a date typed in the search. */
  from?: string;
  to?: string;
  sessionId?: string;
  status?: BookingStatus;
  paid?: boolean;
}

/** A freed place: the booking that gave it back, and the waiting one it was offered to (if any). */
export interface Release {
  cancelled: Booking | null;
  offered: Booking | null;
}

export interface ReleaseOptions {
  reason: CancelReason;
  now: string;
  /** Until when the next waiting booking may accept the freed place. */
  offerUntil: string;
  /** Only if the booking's status is one of these (a customer cancels only what is theirs to cancel). */
  from?: BookingStatus[];
  /** Only if the booking's paid flag is this (a hold expires only while unpaid). */
  paid?: boolean;
}

export interface BookingRepository {
  /** The session's row, created empty when missing (its start kept up to date otherwise). */
  ensureSession(session: { id: string; classId: string; startsAt: string }): Promise<void>;
  /** The stored sessions among `ids` (absent: never booked nor cancelled). */
  sessions(ids: string[]): Promise<SessionState[]>;
  /**
   * Inserts `booking` as `booked` when the session has a place left out of `capacity` and no one is
   * waiting, else as `waiting` (its status field is ignored). Atomic: whatever arrives at once, never
   * more places held than `capacity`. A cancelled session refuses (null).
   */
  book(booking: Booking, capacity: number): Promise<Booking | null>;
  get(id: string): Promise<Booking | null>;
  getByCode(code: string): Promise<Booking | null>;
  getByCheckout(checkoutId: string): Promise<Booking | null>;
  /**
   * Cancels the booking (when its status allows); a place it held goes to the earliest waiting booking
   * as `offered` until `offerUntil`, or back to the session. Nothing changes when it is already over.
   */
  release(id: string, options: ReleaseOptions): Promise<Release>;
  /**
   * The session's places left out of `capacity` (raised) go to the earliest waiting bookings as
   * `offered` until `offerUntil`, each taking its place; returns them.
   */
  offerFreed(
    sessionId: string,
    capacity: number,
    options: { now: string; offerUntil: string },
  ): Promise<Booking[]>;
  /** offered (not expired at `now`) -> booked; null when it is not (any more) on offer. */
  accept(id: string, now: string): Promise<Booking | null>;
  /**
   * Compare-and-set: writes `patch` only while the booking's status is one of `from` (and, when
   * `paid` is given, its paid flag equals it); null when it was not.
   */
  transition(
    id: string,
    from: BookingStatus[],
    patch: Partial<Pick<Booking, 'status' | 'paid' | 'checkoutId' | 'paymentUrl' | 'holdUntil'>>,
    now: string,
    paid?: boolean,
  ): Promise<Booking | null>;
  /** Offers past their end at `now`, and unpaid holds past theirs, oldest first, at most `limit`. */
  expiredOffers(now: string, limit: number): Promise<Booking[]>;
  expiredHolds(now: string, limit: number): Promise<Booking[]>;
  /** `booked` bookings of sessions starting in (after, until], by start. */
  bookedStarting(after: string, until: string, limit: number): Promise<Booking[]>;
  /** Marks the session cancelled and cancels every booking on it; returns those that were active. */
  cancelSession(session: { id: string; classId: string; startsAt: string }, now: string): Promise<Booking[]>;
  /** Newest first. */
  list(query: BookingListQuery): Promise<Page<Booking>>;
  /** The contact's booked, waiting or offered bookings of sessions starting after `after`, by start. */
  activeOf(contactId: string, after: string): Promise<Booking[]>;
  /** How many of the contact's bookings ended as no-shows. */
  noShows(contactId: string): Promise<number>;
  /** Active (not cancelled) bookings of a class on sessions starting after `after`. */
  activeCount(classId: string, after: string): Promise<number>;
  /**
   * Takes the ledger row of one reminder of one booking; false when it was taken already (sent, or
   * skipped). Run in the transaction that writes the reminder's message: exactly once per pair.
   */
  claimReminder(
    bookingId: string,
    minutesBefore: number,
    outcome: 'sent' | 'skipped',
    now: string,
  ): Promise<boolean>;
}
