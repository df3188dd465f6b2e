/**
 * Quiet hours: a daily window, in the business's TIMEZONE, when a campaign sends nothing ("21:00" to
 * "08:00" crosses midnight). Sending stops at the window's start and resumes at its end; recipients are
 * neither skipped nor reordered.
 */
import type { QuietHours } from '../types.js';
import { parseScheduleTime, zoneOffset } from './schedule.js';

export const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(time: string): number {
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new Error(`not a HH:MM time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** When the quiet hours that hold at `now` end, or null when `now` is outside them. */
export function quietUntil(now: Date, quiet: QuietHours, timeZone: string): Date | null {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return null;
  // The wall clock of `now` in the zone, written as if it were UTC.
  const wall = new Date(now.getTime() + zoneOffset(timeZone, now.getTime()));
  const minute = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return null;
  const day = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  // Today's end while it is still ahead (the window started today or crossed midnight), else tomorrow's.
  const end = minute < to ? day + to * 60_000 : day + 86_400_000 + to * 60_000;
  return parseScheduleTime(new Date(end).toISOString().slice(0, 16), timeZone);
}
