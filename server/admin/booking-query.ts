/** Turns the coach's bookings search into the store's query: a typed date is a day in TIMEZONE. */
import { parseScheduleTime } from '../../core/campaigns/schedule.js';
import type { BookingListQuery } from '../../core/repositories.js';
import { foldForSearch } from '../../storage/sql/search-text.js';
import { ValidationError } from '../../core/errors.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SWISS_DATE = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/;

/** "2026-12-08" or "8.12.2026": that local day as [from, to); null when the text is no date. */
export function dayRange(text: string, timeZone: string): { from: string; to: string } | null {
  const iso = ISO_DATE.exec(text);
  const swiss = SWISS_DATE.exec(text);
  const ymd = iso
    ? `${iso[1]}-${iso[2]}-${iso[3]}`
    : swiss
      ? `${swiss[3]}-${swiss[2]!.padStart(2, '0')}-${swiss[1]!.padStart(2, '0')}`
      : null;
  if (!ymd) return null;
  const from = parseScheduleTime(`${ymd}T00:00`, timeZone);
  if (!from) return null;
  const next = new Date(Date.parse(`${ymd}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const to = parseScheduleTime(`${next}T00:00`, timeZone)!;
  return { from: from.toISOString(), to: to.toISOString() };
}

/** A `from`/`to` of the sessions list: an ISO date (that day's start) or date-time. */
export function boundary(value: string | undefined, fallback: Date, timeZone: string, field: string): Date {
  if (value === undefined) return fallback;
  const at = parseScheduleTime(ISO_DATE.test(value) ? `${value}T00:00` : value, timeZone);
  if (!at) throw new ValidationError(`${field}: must be an ISO date or date-time`, field);
  return at;
}

export function storeQuery(
  query: { query?: string; sessionId?: string; status?: BookingListQuery['status']; paid?: 'true' | 'false' },
  timeZone: string,
): BookingListQuery {
  const out: BookingListQuery = {};
  if (query.query) {
    const day = dayRange(query.query, timeZone);
    if (day) Object.assign(out, day);
    else out.text = foldForSearch(query.query);
  }
  if (query.sessionId) out.sessionId = query.sessionId;
  if (query.status) out.status = query.status;
  if (query.paid) out.paid = query.paid === 'true';
  return out;
}
