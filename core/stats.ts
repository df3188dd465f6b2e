/**
 * The dashboard's activity figures: per calendar day in the business's TIMEZONE, the messages (by
 * sender), the conversations they were in and the conversations opened. Private member-to-member
 * conversations are left out everywhere, as the coach never sees them.
 */
import { parseScheduleTime, zoneOffset } from './campaigns/schedule.js';
import type { MessageActivity, Store } from './repositories.js';

export interface DayActivity extends MessageActivity {
  /** The calendar day in the business's time zone, YYYY-MM-DD. */
  day: string;
  newConversations: number;
}

const DAY_MS = 86_400_000;

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
  const result: DayActivity[] = [];
  for (let back = days - 1; back >= 0; back--) {
    const day = shiftDay(today, -back);
    const from = dayStart(day, timeZone);
    const to = dayStart(shiftDay(day, 1), timeZone);
    const [activity, newConversations] = await Promise.all([
      store.messages.activity(from, to),
      store.conversations.countCreated(from, to),
    ]);
    result.push({ day, ...activity, newConversations });
  }
  return result;
}
