/**
 * What day and time a customer means ("mardi 18h30", "tomorrow at 9", "le 18.3 à 18:30"), read by
 * code, never by the model: the booking it leads to must be the one they asked for.
 */
const WEEKDAYS: [RegExp, number][] = [
  [/\b(dimanche|sunday|sonntag|sun)\b/, 0],
  [/\b(lundi|monday|montag|mon)\b/, 1],
  [/\b(mardi|tuesday|dienstag|tue|tues)\b/, 2],
  [/\b(mercredi|wednesday|mittwoch|wed)\b/, 3],
  [/\b(jeudi|thursday|donnerstag|thu|thur|thurs)\b/, 4],
  [/\b(vendredi|friday|freitag|fri)\b/, 5],
  [/\b(samedi|saturday|samstag|sat)\b/, 6],
];

export interface Wanted {
  weekday?: number;
  /** Days from today (0 today, 1 tomorrow). */
  inDays?: number;
  /** Day and month (the next such date). */
  dayMonth?: { day: number; month: number };
  /** HH:MM, 24 h. */
  time?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function timeOf(text: string): string | undefined {
  const match = /\b([01]?\d|2[0-3])\s*(?:h|:|\.)\s*([0-5]\d)?\b|\b(?:à|a|at|um)\s+([01]?\d|2[0-3])\b/.exec(
    text,
  );
  if (!match) return undefined;
  const hour = Number(match[1] ?? match[3]);
  return `${pad(hour)}:${match[2] ?? '00'}`;
}

export function parseWanted(input: string): Wanted {
  const text = input.toLowerCase().normalize('NFC');
  const wanted: Wanted = {};
  const found = /\b([0-3]?\d)[./]([01]?\d)\b(?![./:]?\d)/.exec(text);
  const dayMonth =
    found && Number(found[2]) >= 1 && Number(found[2]) <= 12 && Number(found[1]) >= 1 ? found : null;
  if (dayMonth) wanted.dayMonth = { day: Number(dayMonth[1]), month: Number(dayMonth[2]) };
  const rest = dayMonth ? text.replace(dayMonth[0], ' ') : text;
  if (/\b(aujourd'hui|aujourd’hui|today|heute)\b/.test(rest)) wanted.inDays = 0;
  else if (/\b(après-demain|day after tomorrow|übermorgen)\b/.test(rest)) wanted.inDays = 2;
  else if (/\b(demain|tomorrow|morgen)\b/.test(rest)) wanted.inDays = 1;
  for (const [pattern, day] of WEEKDAYS) if (pattern.test(rest)) wanted.weekday = day;
  const time = timeOf(rest);
  if (time) wanted.time = time;
  return wanted;
}

export function wantsSomething(wanted: Wanted): boolean {
  return Object.keys(wanted).length > 0;
}

/** Whether a session on local `date` (YYYY-MM-DD) at local `time` (HH:MM) is the one wanted. */
export function matchesWanted(wanted: Wanted, date: string, time: string, today: string): boolean {
  const day = new Date(`${date}T00:00:00Z`);
  if (wanted.weekday !== undefined && day.getUTCDay() !== wanted.weekday) return false;
  if (wanted.inDays !== undefined) {
    const offset = Math.round((day.getTime() - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
    if (offset !== wanted.inDays) return false;
  }
  if (
    wanted.dayMonth &&
    (day.getUTCDate() !== wanted.dayMonth.day || day.getUTCMonth() + 1 !== wanted.dayMonth.month)
  )
    return false;
  return wanted.time === undefined || wanted.time === time;
}
