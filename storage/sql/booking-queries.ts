/** The statements of the bookings repository, compiled once per dialect. */
import { type RawBuilder, sql } from 'kysely';
import type { Booking } from '../../core/bookings/types.js';
import { queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import { perDialect, prepareRaw, type SlotFn } from './prepared-query.js';

export const BOOKINGS: EntitySpec<Booking> = {
  table: 'bookings',
  columns: {
    id: ['id'],
    code: ['code'],
    sessionId: ['session_id'],
    classId: ['class_id'],
    contactId: ['contact_id'],
    conversationId: ['conversation_id'],
    status: ['status'],
    paid: ['paid', 'bool'],
    checkoutId: ['checkout_id'],
    paymentUrl: ['payment_url'],
    holdUntil: ['hold_until'],
    offerExpiresAt: ['offer_expires_at'],
    cancelReason: ['cancel_reason'],
    startsAt: ['starts_at'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
};

export const bookingQueries = perDialect((dialect, spec: EntitySpec<Booking>) => {
  const q = queriesOf(dialect, spec);
  const f = dialect.fragments;
  const cols = sql.raw(q.columns.join(', '));
  const bcols = sql.raw(q.columns.map((column) => `b.${column}`).join(', '));
  const rows = (build: (slot: SlotFn) => RawBuilder<unknown>) =>
    prepareRaw(dialect, (slot) => build(slot), { returnsRows: true });
  const write = (build: (slot: SlotFn) => RawBuilder<unknown>) =>
    prepareRaw(dialect, (slot) => build(slot), { returnsRows: false });
  // A NULL filter means "any".
  const filters = (slot: SlotFn) => sql`(${f.text(slot('text'))} IS NULL
        OR ${f.contains(sql`coalesce(c.search_text, '')`, slot('text'))}
        OR ${f.contains(sql`lower(b.code)`, slot('text'))}
        OR ${f.contains(sql`coalesce(k.search_text, '')`, slot('text'))})
      AND (${f.text(slot('from'))} IS NULL OR b.starts_at >= ${slot('from')})
      AND (${f.text(slot('to'))} IS NULL OR b.starts_at < ${slot('to')})
      AND (${f.text(slot('sessionId'))} IS NULL OR b.session_id = ${slot('sessionId')})
      AND (${f.text(slot('status'))} IS NULL OR b.status = ${slot('status')})
      AND (${f.bool(slot('paid'))} IS NULL OR b.paid = ${slot('paid')})`;
  const joined = sql`bookings b LEFT JOIN contacts c ON c.id = b.contact_id LEFT JOIN classes k ON k.id = b.class_id`;
  return {
    table: q,
    ensureSession: prepareRaw(
      dialect,
      (slot) => sql`INSERT INTO class_sessions (id, class_id, starts_at, booked, cancelled, touched)
        VALUES (${slot('id')}, ${slot('classId')}, ${slot('startsAt')}, 0, ${slot('no')}, 0)
        ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at
        WHERE class_sessions.starts_at <> excluded.starts_at`,
      { returnsRows: false, mayConflict: true },
    ),
    moveStarts: write(
      (slot) => sql`UPDATE bookings SET starts_at = ${slot('startsAt')}
        WHERE session_id = ${slot('id')} AND starts_at <> ${slot('startsAt')}`,
    ),
    sessions: rows(
      (slot) => sql`SELECT s.id, s.class_id, s.starts_at, s.booked, s.cancelled,
          (SELECT count(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'waiting')
        FROM class_sessions s WHERE s.id IN ${f.jsonList(slot('ids'))}`,
    ),
    // Takes the session's row for the rest of the unit: every change of its places goes through it.
    lockSession: rows(
      (slot) => sql`UPDATE class_sessions SET touched = touched + 1 WHERE id = ${slot('id')}
        RETURNING booked, cancelled`,
    ),
    takePlace: write(
      (slot) => sql`UPDATE class_sessions SET booked = booked + 1
        WHERE id = ${slot('id')} AND booked < ${slot('capacity')}`,
    ),
    givePlace: write(
      (slot) => sql`UPDATE class_sessions SET booked = booked - 1 WHERE id = ${slot('id')} AND booked > 0`,
    ),
    waitingCount: rows(
      (slot) => sql`SELECT count(*) FROM bookings WHERE session_id = ${slot('id')} AND status = 'waiting'`,
    ),
    byCode: q.select((query, slot) => query.where('code', '=', slot('code'))),
    byCheckout: q.select((query, slot) => query.where('checkout_id', '=', slot('checkoutId'))),
    cancel: rows(
      (slot) => sql`UPDATE bookings SET status = 'cancelled', cancel_reason = ${slot('reason')},
          offer_expires_at = NULL, hold_until = NULL, updated_at = ${slot('now')}
        WHERE id = ${slot('id')} AND status IN ${f.jsonList(slot('from'))}
          AND (${f.bool(slot('paid'))} IS NULL OR paid = ${slot('paid')}) RETURNING ${cols}`,
    ),
    offerNext: rows(
      (slot) => sql`UPDATE bookings SET status = 'offered', offer_expires_at = ${slot('until')},
          updated_at = ${slot('now')}
        WHERE id = (SELECT id FROM bookings WHERE session_id = ${slot('id')} AND status = 'waiting'
          ORDER BY id LIMIT 1) AND status = 'waiting' RETURNING ${cols}`,
    ),
    accept: rows(
      (
        slot,
      ) => sql`UPDATE bookings SET status = 'booked', offer_expires_at = NULL, updated_at = ${slot('now')}
        WHERE id = ${slot('id')} AND status = 'offered' AND offer_expires_at > ${slot('now')}
        RETURNING ${cols}`,
    ),
    expiredOffers: q.select((query, slot) =>
      query
        .where('status', '=', 'offered')
        .where('offer_expires_at', '<=', slot('now'))
        .orderBy('offer_expires_at')
        .limit(slot('limit')),
    ),
    expiredHolds: q.select((query, slot) =>
      query
        .where('status', '=', 'booked')
        .where('paid', '=', dialect.encodeBool(false) as never)
        .where('hold_until', '<=', slot('now'))
        .orderBy('hold_until')
        .limit(slot('limit')),
    ),
    bookedStarting: q.select((query, slot) =>
      query
        .where('status', '=', 'booked')
        .where('starts_at', '>', slot('after'))
        .where('starts_at', '<=', slot('until'))
        .orderBy('starts_at')
        .orderBy('id')
        .limit(slot('limit')),
    ),
    cancelSession: write(
      (slot) =>
        sql`UPDATE class_sessions SET cancelled = ${slot('yes')}, booked = 0 WHERE id = ${slot('id')}`,
    ),
    cancelAll: rows(
      (slot) => sql`UPDATE bookings SET status = 'cancelled', cancel_reason = 'session_cancelled',
          offer_expires_at = NULL, hold_until = NULL, updated_at = ${slot('now')}
        WHERE session_id = ${slot('id')} AND status IN ('booked', 'waiting', 'offered') RETURNING ${cols}`,
    ),
    page: rows(
      (slot) => sql`SELECT ${bcols} FROM ${joined} WHERE ${filters(slot)}
        ORDER BY b.id DESC LIMIT ${slot('limit')} OFFSET ${slot('offset')}`,
    ),
    count: rows((slot) => sql`SELECT count(*) FROM ${joined} WHERE ${filters(slot)}`),
    activeOf: q.select((query, slot) =>
      query
        .where('contact_id', '=', slot('contactId'))
        .where('starts_at', '>', slot('after'))
        .where('status', 'in', ['booked', 'waiting', 'offered'])
        .orderBy('starts_at')
        .orderBy('id'),
    ),
    noShows: rows(
      (slot) =>
        sql`SELECT count(*) FROM bookings WHERE contact_id = ${slot('contactId')} AND status = 'no_show'`,
    ),
    activeCount: rows(
      (slot) => sql`SELECT count(*) FROM bookings WHERE class_id = ${slot('classId')}
        AND starts_at > ${slot('after')} AND status IN ('booked', 'waiting', 'offered')`,
    ),
    claimReminder: prepareRaw(
      dialect,
      (slot) => sql`INSERT INTO booking_reminders (booking_id, minutes_before, outcome, created_at)
        VALUES (${slot('bookingId')}, ${slot('minutes')}, ${slot('outcome')}, ${slot('now')})
        ON CONFLICT (booking_id, minutes_before) DO NOTHING`,
      { returnsRows: false, mayConflict: true },
    ),
  };
});
