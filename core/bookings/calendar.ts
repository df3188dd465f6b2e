/**
 * The sessions of a class: one on its first start and, for a weekly class, one a week later each
 * time, at the same wall-clock time in the business's TIMEZONE (so 18:30 stays 18:30 across a DST
 * change), up to `repeat.until`, skipping the `except` dates. A session's id is its class id and its
 * local date, so it is the same whenever it is computed.
 */
import { parseScheduleTime, zoneOffset } from '../campaigns/schedule.js';
import type { ClassDef } from './types.js';

const DAY_MS = 86_400_000;

export interface ComputedSession {
  id: string;
  classId: string;
  /** Local date (YYYY-MM-DD). */
  date: string;
  startsAt: string;
}

/** The local date and time (HH:MM) of an instant in `timeZone`. */
export function localParts(instant: string | Date, timeZone: string): { date: string; time: string } {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const wall = new Date(ms + zoneOffset(timeZone, ms)).toISOString();
  return { date: wall.slice(0, 10), time: wall.slice(11, 16) };
}

export function sessionId(classId: string, date: string): string {
  return `${classId}-${date.replaceAll('-', '')}`;
}

/** The class id and local date of a session id; null when it is not one. */
export function parseSessionId(id: string): { classId: string; date: string } | null {
  const match = /^([0-9A-Za-z]+)-(\d{4})(\d{2})(\d{2})$/.exec(id);
  return match ? { classId: match[1]!, date: `${match[2]}-${match[3]}-${match[4]}` } : null;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The session of `klass` on the local `date`, or null when the class has none that day. */
export function sessionOn(klass: ClassDef, date: string, timeZone: string): ComputedSession | null {
  const first = localParts(klass.startsAt, timeZone);
  const offset = daysBetween(first.date, date);
  if (offset < 0) return null;
  if (offset > 0 && (!klass.repeat || offset % 7 !== 0)) return null;
  if (klass.repeat?.until && date > klass.repeat.until) return null;
  if (klass.repeat?.except.includes(date)) return null;
  const start = parseScheduleTime(`${date}T${first.time}`, timeZone);
  if (!start) return null;
  return { id: sessionId(klass.id, date), classId: klass.id, date, startsAt: start.toISOString() };
}

/** The sessions of `klass` starting in [from, to), in time order. */
export function sessionsBetween(klass: ClassDef, from: Date, to: Date, timeZone: string): ComputedSession[] {
  const first = localParts(klass.startsAt, timeZone);
  const out: ComputedSession[] = [];
  const fromDate = localParts(from, timeZone).date;
  // The first candidate week at or before `from` (a day of margin for the zone's offset).
  const weeks = klass.repeat ? Math.max(0, Math.floor((daysBetween(first.date, fromDate) - 1) / 7)) : 0;
  for (let date = addDays(first.date, weeks * 7); ; date = addDays(date, 7)) {
    const session = sessionOn(klass, date, timeZone);
    if (session) {
      const at = Date.parse(session.startsAt);
      if (at >= to.getTime()) break;
      if (at >= from.getTime()) out.push(session);
    }
    if (!klass.repeat || (klass.repeat.until && date > klass.repeat.until)) break;
    if (Date.parse(`${date}T00:00:00Z`) > to.getTime() + DAY_MS) break;
  }
  return out;
}
