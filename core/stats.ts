/**
 * The dashboard's activity figures: per calendar day in the business's TIMEZONE, the messages (by
 * sender), the conversations they were in and the conversations opened. Private member-to-member
 * conversations are left out everywhere, as the coach never sees them.
 *
 * A day that is over is counted once and kept (`store.activityDays`): its figures never change, so
 * the dashboard counts only today's rows, however long the history is. Every process computes the
 * same figures for a closed day and the first stored stays, so several processes agree.
 */
import { parseScheduleTime, zoneOffset } from './campaigns/schedule.js';
import type { DayActivity } from './repositories-stats.js';
import type { Store } from './repositories.js';

export type { DayActivity };

const DAY_MS = 86_400_000;
/**
 * A day is closed this long after its end: rows are stored with their writer's clock, and a process
 * whose clock is a little behind may still store a message of the day that just ended.
 */
export const CLOSED_AFTER_MS = 10 * 60_000;

/** The calendar day (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
  return new Date(ms + zoneOffset(timeZone, ms)).toISOString().slice(0, 10);
}

/** The day before or after a YYYY-MM-DD day. */
function shiftDay(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * DAY_MS).toISOString().slice(0, 10);
}

/** When the day starts in `timeZone` (midnight, or the first hour that exists when clocks go forward). */
function dayStart(day: string, timeZone: string): string {
  const start = parseScheduleTime(`${day}T00:00`, timeZone);
  if (!start) throw new Error(`not a day: ${day}`);
  return start.toISOString();
}

/** The last `days` days up to today (its figures so far), oldest first. */
export async function dailyActivity(
  store: Store,
  now: Date,
  timeZone: string,
  days: number,
): Promise<DayActivity[]> {
  const today = localDay(now, timeZone);
  const wanted = Array.from({ length: days }, (_, i) => shiftDay(today, i - days + 1));
  const closed = wanted.filter(
    (day) => Date.parse(dayStart(shiftDay(day, 1), timeZone)) + CLOSED_AFTER_MS <= now.getTime(),
  );
  const stored = new Map((await store.activityDays.get(timeZone, closed)).map((row) => [row.day, row]));
  const counted = await Promise.all(
    wanted.filter((day) => !stored.has(day)).map((day) => countDay(store, day, timeZone)),
  );
  const newlyClosed = counted.filter((row) => closed.includes(row.day));
  if (newlyClosed.length > 0) await store.activityDays.put(timeZone, newlyClosed);
  for (const row of counted) stored.set(row.day, row);
  return wanted.map((day) => stored.get(day)!);
}

/** A day's figures, counted from the messages and conversations themselves. */
export async function countDay(store: Store, day: string, timeZone: string): Promise<DayActivity> {
  const from = dayStart(day, timeZone);
  const to = dayStart(shiftDay(day, 1), timeZone);
  const [activity, newConversations] = await Promise.all([
    store.messages.activity(from, to),
    store.conversations.countCreated(from, to),
  ]);
  return { day, ...activity, newConversations };
}
