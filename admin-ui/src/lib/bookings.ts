/** Classes, their sessions, bookings, check-in and packs (CONTRACT.md "Classes and bookings"). */
import { crud, query } from './crud.js';
import { fetchJson } from './fetch-json.js';
import type * as core from '../../../core/bookings/types.js';
import type * as payments from '../../../core/payments/types.js';
import type * as view from '../../../server/admin/booking-view.js';
import type { Items } from './types.js';

export type ClassPayment = core.ClassPayment;
export type BookingStatus = core.BookingStatus;
export type Price = core.Price;
/** A class as the API sends it: the stored one. */
export type ClassDef = core.ClassDef;
export type ClassInput = Omit<ClassDef, 'id' | 'repeat' | 'createdAt' | 'updatedAt'> & {
  repeat: { weekly: true; until?: string; except?: string[] } | null;
};
export type ClassSession = core.ClassSession;

/**
 * A booking as the API shows it (server/admin/booking-view.ts, type-only: nothing of the server is
 * bundled): `shown`, and in lists and at check-in the person and the class (`withPeople`).
 */
export type Booking = ReturnType<typeof view.shown> &
  Partial<
    Pick<Awaited<ReturnType<typeof view.withPeople>>[number], 'contact' | 'classTitle' | 'classPayment'>
  >;

export interface BookingFilter {
  query?: string;
  sessionId?: string;
  status?: BookingStatus | '';
  paid?: 'true' | 'false' | '';
}

export type Pack = payments.Pack;

export const classes = crud<ClassDef, ClassInput>('/api/admin/classes');

/** Sessions starting in [from, to): ISO dates (local days of the server's TIMEZONE) or instants. */
export const listSessions = async (from: string, to: string) =>
  (await fetchJson<Items<ClassSession>>(`/api/admin/sessions${query({ from, to })}`)).items;

export const cancelSession = (id: string) =>
  fetchJson<{ cancelled: number }>(`/api/admin/sessions/${encodeURIComponent(id)}/cancel`, {
    method: 'POST',
  });

const bookingParams = (filter: BookingFilter) => ({
  query: filter.query?.trim(),
  sessionId: filter.sessionId,
  status: filter.status,
  paid: filter.paid,
});

export const listBookings = (filter: BookingFilter, page: number, limit: number) =>
  fetchJson<{ items: Booking[]; total: number }>(
    `/api/admin/bookings${query({ ...bookingParams(filter), page, limit })}`,
  );

/** The CSV of every booking the filter matches (a plain link: the browser downloads it with the cookie). */
export const exportUrl = (filter: BookingFilter) =>
  `/api/admin/bookings/export.csv${query(bookingParams(filter))}`;

export const checkIn = async (code: string) =>
  (await fetchJson<{ booking: Booking }>('/api/admin/bookings/check-in', { method: 'POST', body: { code } }))
    .booking;

export const markPaid = async (id: string) =>
  (
    await fetchJson<{ booking: Booking }>(`/api/admin/bookings/${encodeURIComponent(id)}/paid`, {
      method: 'POST',
    })
  ).booking;

export const cancelBooking = async (id: string) =>
  (
    await fetchJson<{ booking: Booking }>(`/api/admin/bookings/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    })
  ).booking;

export const packs = {
  list: async () => (await fetchJson<Items<Pack>>('/api/admin/packs')).items,
  create: (input: Pick<Pack, 'name' | 'sessions' | 'price'>) =>
    fetchJson<Pack>('/api/admin/packs', { method: 'POST', body: input }),
};

/** A local day as YYYY-MM-DD. */
export function ymd(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** The Monday starting the week of `date` (local). */
export function weekStart(date: Date): Date {
  return addDays(date, -((date.getDay() + 6) % 7));
}
