/**
 * Business hours: the coach's weekly opening times, in the business's TIMEZONE, and an away message.
 * Outside them a handoff tells the customer when the coach will answer (the next opening). Stored as
 * one JSON settings value; the admin API validates what is written, so reading trusts its shape
 * but still treats anything unreadable as "no hours" (always open).
 */
import { CLOCK_TIME } from './campaigns/quiet-hours.js';
import { parseScheduleTime, zoneOffset } from './campaigns/schedule.js';
import type { SettingsRepository } from './repositories.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "08:00" to "12:00": `to` after `from`, within one day ("24:00" ends at midnight). */
export interface OpenInterval {
  from: string;
  to: string;
}

export interface BusinessHours {
  /** Off: always open, handoffs say nothing of hours. */
  enabled: boolean;
  weekly: Record<Weekday, OpenInterval[]>;
  /** Added to the handoff reply outside hours (may be empty). */
  awayMessage: string;
}

export const BUSINESS_HOURS_KEY = 'business_hours';

export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  enabled: false,
  weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  awayMessage: '',
};

const DAY_MS = 86_400_000;
/** A week and a day: every weekday is looked at once after today's rest. */
const LOOKAHEAD_DAYS = 8;

/** Minutes since midnight of "HH:MM" ("24:00" is 1440). */
export function clockMinutes(time: string): number {
  if (time === '24:00') return 1440;
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new Error(`not a HH:MM time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Monday is 0 (the wall clock's day, written as if it were UTC). */
const weekdayOf = (wallDayMs: number): Weekday => WEEKDAYS[(new Date(wallDayMs).getUTCDay() + 6) % 7]!;

/**
 * The next time the coach is in, or null when they are in now (or hours are off, or no day has any).
 * Works on the zone's wall clock, then turns the opening back into an instant (DST-safe).
 */
export function nextOpening(now: Date, hours: BusinessHours, timeZone: string): Date | null {
  if (!hours.enabled) return null;
  const wall = now.getTime() + zoneOffset(timeZone, now.getTime());
  const today = Math.floor(wall / DAY_MS) * DAY_MS;
  const minute = Math.floor((wall - today) / 60_000);
  for (let day = 0; day < LOOKAHEAD_DAYS; day++) {
    const dayStart = today + day * DAY_MS;
    const intervals = [...hours.weekly[weekdayOf(dayStart)]].sort(
      (a, b) => clockMinutes(a.from) - clockMinutes(b.from),
    );
    for (const interval of intervals) {
      const from = clockMinutes(interval.from);
      const to = clockMinutes(interval.to);
      if (day === 0 && minute >= from && minute < to) return null;
      if (day > 0 || from > minute) {
        return parseScheduleTime(new Date(dayStart + from * 60_000).toISOString().slice(0, 16), timeZone);
      }
    }
  }
  return null;
}

function isHours(value: unknown): value is BusinessHours {
  if (typeof value !== 'object' || value === null) return false;
  const hours = value as Partial<BusinessHours>;
  return (
    typeof hours.enabled === 'boolean' &&
    typeof hours.awayMessage === 'string' &&
    typeof hours.weekly === 'object' &&
    hours.weekly !== null &&
    WEEKDAYS.every((day) => Array.isArray(hours.weekly?.[day]))
  );
}

export async function loadBusinessHours(settings: SettingsRepository): Promise<BusinessHours> {
  const raw = await settings.getValue(BUSINESS_HOURS_KEY);
  if (!raw) return DEFAULT_BUSINESS_HOURS;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isHours(parsed) ? parsed : DEFAULT_BUSINESS_HOURS;
  } catch {
    return DEFAULT_BUSINESS_HOURS;
  }
}

export function saveBusinessHours(settings: SettingsRepository, hours: BusinessHours): Promise<void> {
  return settings.setValue(BUSINESS_HOURS_KEY, JSON.stringify(hours));
}
