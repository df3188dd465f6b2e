/**
 * Send times. An instant with an offset ("2025-06-02T09:00:00Z", "…+02:00") is taken as is; a
 * naive local time ("2025-06-02T09:00") is a wall-clock time in the business's TIMEZONE. A local time
 * that does not exist (the hour skipped when clocks go forward) lands one hour later.
 */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far ahead of UTC the zone's clocks are at `instantMs`, in milliseconds. */
export function zoneOffset(timeZone: string, instantMs: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instantMs).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/** The instant of a schedule time, or null when the text is no ISO date-time. */
export function parseScheduleTime(value: string, timeZone: string): Date | null {
  const match = ISO_TIME.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone] = match;
  const fields = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const ms = Number(frac.padEnd(3, '0'));
  const wall = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], ms);
  const check = new Date(wall);
  // Date.UTC rolls 2025-02-30 over to March: such a date does not exist.
  if (check.getUTCMonth() !== fields[1] - 1 || check.getUTCDate() !== fields[2] || fields[3] > 23)
    return null;
  if (zone) {
    if (zone === 'Z') return check;
    const sign = zone.startsWith('-') ? -1 : 1;
    const [oh, om] = zone.slice(1).split(':').map(Number) as [number, number];
    return new Date(wall - sign * (oh * 60 + om) * 60_000);
  }
  const guess = wall - zoneOffset(timeZone, wall);
  return new Date(wall - zoneOffset(timeZone, guess));
}

type Schedule = null | { at: string } | { slots: string[] };

/**
 * The part of a stored schedule still ahead of `now`: a duplicate keeps the send times to come and
 * drops the past ones (null when none is left, i.e. "send when launched"), so the copy validates.
 */
export function upcoming(schedule: Schedule, now: Date): Schedule {
  if (schedule === null) return null;
  const ahead = (at: string) => Date.parse(at) > now.getTime();
  if ('at' in schedule) return ahead(schedule.at) ? schedule : null;
  const slots = schedule.slots.filter(ahead);
  return slots.length > 0 ? { slots } : null;
}
