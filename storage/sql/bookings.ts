import { sql } from 'kysely';
import type { Booking, BookingStatus } from '../../core/bookings/types.js';
import type {
  BookingListQuery,
  BookingRepository,
  Page,
  Release,
  ReleaseOptions,
  SessionState,
} from '../types.js';
import { BOOKINGS, bookingQueries } from './booking-queries.js';
import { encode } from './entity-map.js';
import type { SqlExecutor } from './executor.js';
import { pageParams } from './paging.js';
import { type PreparedQuery, prepare } from './prepared-query.js';

type Patch = Partial<Pick<Booking, 'status' | 'paid' | 'checkoutId' | 'paymentUrl' | 'holdUntil'>>;

/** Units that change a session's places run read committed (see AtomicOptions). */
const PLACES = { isolation: 'read committed' } as const;
const HOLDING: BookingStatus[] = ['booked', 'offered', 'checked_in', 'no_show'];

export class SqlBookingRepository implements BookingRepository {
  readonly #q;
  readonly #transitions = new Map<string, PreparedQuery>();

  constructor(private readonly db: SqlExecutor) {
    this.#q = bookingQueries(db.dialect, BOOKINGS);
  }

  get #bool() {
    return (value: boolean) => this.db.dialect.encodeBool(value);
  }

  async ensureSession(session: { id: string; classId: string; startsAt: string }): Promise<void> {
    await this.db.atomic(async (unit) => {
      await unit.run(this.#q.ensureSession, { ...session, no: this.#bool(false) });
      await unit.run(this.#q.moveStarts, session);
    });
  }

  async sessions(ids: string[]): Promise<SessionState[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.rows(this.#q.sessions, { ids: JSON.stringify(ids) });
    return rows.map(([id, classId, startsAt, booked, cancelled, waiting]) => ({
      id: id as string,
      classId: classId as string,
      startsAt: startsAt as string,
      booked: Number(booked),
      waiting: Number(waiting),
      cancelled: this.db.dialect.decodeBool(cancelled),
    }));
  }

  book(booking: Booking, capacity: number): Promise<Booking | null> {
    const { sessionId: id } = booking;
    return this.db.atomic(async (unit) => {
      const session = { id, classId: booking.classId, startsAt: booking.startsAt, no: this.#bool(false) };
      await unit.run(this.#q.ensureSession, session);
      const [locked] = await unit.rows(this.#q.lockSession, { id });
      if (!locked || this.db.dialect.decodeBool(locked[1])) return null;
      const [[waiting] = [0]] = await unit.rows(this.#q.waitingCount, { id });
      const took = Number(waiting) === 0 && (await unit.run(this.#q.takePlace, { id, capacity })) === 1;
      const stored: Booking = { ...booking, status: took ? 'booked' : 'waiting' };
      await unit.run(this.#q.table.insert, this.#q.table.params(stored));
      return stored;
    }, PLACES);
  }

  async get(id: string): Promise<Booking | null> {
    return this.#q.table.decoder.first(await this.db.rows(this.#q.table.byId, { id }));
  }

  async getByCode(code: string): Promise<Booking | null> {
    return this.#q.table.decoder.first(await this.db.rows(this.#q.byCode, { code }));
  }

  async getByCheckout(checkoutId: string): Promise<Booking | null> {
    return this.#q.table.decoder.first(await this.db.rows(this.#q.byCheckout, { checkoutId }));
  }

  release(id: string, options: ReleaseOptions): Promise<Release> {
    const from = options.from ?? ['booked', 'waiting', 'offered'];
    return this.db.atomic(async (unit) => {
      const current = this.#q.table.decoder.first(await unit.rows(this.#q.table.byId, { id }));
      if (!current) return { cancelled: null, offered: null };
      // The session first, then the booking: every unit takes them in this order (no deadlock).
      const [locked] = await unit.rows(this.#q.lockSession, { id: current.sessionId });
      const decode = this.#q.table.decoder;
      const paid = options.paid === undefined ? null : this.#bool(options.paid);
      const params = { id, reason: options.reason, now: options.now, from: JSON.stringify(from), paid };
      const cancelled = decode.first(await unit.rows(this.#q.cancel, params));
      if (!cancelled || !HOLDING.includes(current.status) || !locked) return { cancelled, offered: null };
      if (this.db.dialect.decodeBool(locked[1])) return { cancelled, offered: null };
      const next = { id: current.sessionId, until: options.offerUntil, now: options.now };
      const offered = decode.first(await unit.rows(this.#q.offerNext, next));
      if (!offered) await unit.run(this.#q.givePlace, { id: current.sessionId });
      return { cancelled, offered };
    }, PLACES);
  }

  offerFreed(sessionId: string, capacity: number, options: { now: string; offerUntil: string }) {
    return this.db.atomic(async (unit) => {
      const offered: Booking[] = [];
      const [locked] = await unit.rows(this.#q.lockSession, { id: sessionId });
      if (!locked || this.db.dialect.decodeBool(locked[1])) return offered;
      const next = { id: sessionId, until: options.offerUntil, now: options.now };
      while ((await unit.run(this.#q.takePlace, { id: sessionId, capacity })) === 1) {
        const booking = this.#q.table.decoder.first(await unit.rows(this.#q.offerNext, next));
        if (!booking) {
          await unit.run(this.#q.givePlace, { id: sessionId });
          break;
        }
        offered.push(booking);
      }
      return offered;
    }, PLACES);
  }

  async accept(id: string, now: string): Promise<Booking | null> {
    return this.#q.table.decoder.first(await this.db.rows(this.#q.accept, { id, now }));
  }

  async transition(id: string, from: BookingStatus[], patch: Patch, now: string, paid?: boolean) {
    const table = this.#q.table;
    const fields = table.fields.filter(
      (field) => (patch as Record<string, unknown>)[field.name] !== undefined,
    );
    const params: Record<string, unknown> = {
      id,
      from: JSON.stringify(from),
      paidIs: paid === undefined ? null : this.#bool(paid),
      updated_at: now,
    };
    for (const field of fields)
      params[field.column] = encode(
        this.db.dialect,
        (patch as Record<string, unknown>)[field.name],
        field.codec,
      );
    const query = this.#transition(fields.map((field) => field.column));
    return table.decoder.first(await this.db.rows(query, params));
  }

  #transition(columns: string[]): PreparedQuery {
    const key = columns.join(',');
    let query = this.#transitions.get(key);
    if (!query) {
      const f = this.db.dialect.fragments;
      const set = [...columns, 'updated_at'];
      query = prepare(
        this.db.dialect,
        (db, slot) =>
          db
            .updateTable('bookings')
            .set(Object.fromEntries(set.map((column) => [column, slot(column)])))
            .where('id', '=', slot('id'))
            .where(sql<boolean>`status IN ${f.jsonList(slot('from'))}` as never)
            .where(sql<boolean>`(${f.bool(slot('paidIs'))} IS NULL OR paid = ${slot('paidIs')})` as never)
            .returning(this.#q.table.columns),
        { mayConflict: true },
      );
      this.#transitions.set(key, query);
    }
    return query;
  }

  async expiredOffers(now: string, limit: number): Promise<Booking[]> {
    return this.#q.table.decoder.all(await this.db.rows(this.#q.expiredOffers, { now, limit }));
  }

  async expiredHolds(now: string, limit: number): Promise<Booking[]> {
    return this.#q.table.decoder.all(await this.db.rows(this.#q.expiredHolds, { now, limit }));
  }

  async bookedStarting(after: string, until: string, limit: number): Promise<Booking[]> {
    return this.#q.table.decoder.all(await this.db.rows(this.#q.bookedStarting, { after, until, limit }));
  }

  cancelSession(session: { id: string; classId: string; startsAt: string }, now: string): Promise<Booking[]> {
    return this.db.atomic(async (unit) => {
      await unit.run(this.#q.ensureSession, { ...session, no: this.#bool(false) });
      await unit.rows(this.#q.lockSession, { id: session.id });
      await unit.run(this.#q.cancelSession, { id: session.id, yes: this.#bool(true) });
      return this.#q.table.decoder.all(await unit.rows(this.#q.cancelAll, { id: session.id, now }));
    }, PLACES);
  }

  async list(query: BookingListQuery): Promise<Page<Booking>> {
    const filter = {
      text: query.text ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      sessionId: query.sessionId ?? null,
      status: query.status ?? null,
      paid: query.paid === undefined ? null : this.#bool(query.paid),
    };
    const [rows, [count]] = await Promise.all([
      this.db.rows(this.#q.page, { ...filter, ...pageParams(this.db.dialect, query) }),
      this.db.rows(this.#q.count, filter),
    ]);
    return { items: this.#q.table.decoder.all(rows), total: Number(count![0]) };
  }

  async activeOf(contactId: string, after: string): Promise<Booking[]> {
    return this.#q.table.decoder.all(await this.db.rows(this.#q.activeOf, { contactId, after }));
  }

  async noShows(contactId: string): Promise<number> {
    const [[count] = [0]] = await this.db.rows(this.#q.noShows, { contactId });
    return Number(count);
  }

  async activeCount(classId: string, after: string): Promise<number> {
    const [[count] = [0]] = await this.db.rows(this.#q.activeCount, { classId, after });
    return Number(count);
  }

  async claimReminder(bookingId: string, minutes: number, outcome: 'sent' | 'skipped', now: string) {
    return (await this.db.run(this.#q.claimReminder, { bookingId, minutes, outcome, now })) === 1;
  }
}
