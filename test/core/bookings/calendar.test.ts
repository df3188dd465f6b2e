/** Sessions in the business's time zone (DST included), session ids, and days and times read from text. */
import { describe, expect, it } from 'vitest';
import { parseSessionId, sessionOn, sessionsBetween } from '../../../core/bookings/calendar.js';
import type { ClassDef } from '../../../core/bookings/types.js';
import { matchesWanted, parseWanted } from '../../../core/bookings/when.js';

const TZ = 'Europe/Zurich';

function weekly(overrides: Partial<ClassDef> = {}): ClassDef {
  return {
    id: '01JCLASS0000000000000000AB',
    title: 'Yoga',
    description: '',
    place: '',
    startsAt: '2026-03-17T17:30:00.000Z', // Tue 18:30 in Zurich (UTC+1)
    durationMinutes: 60,
    capacity: 10,
    price: null,
    payment: 'free',
    repeat: { weekly: true, except: ['2026-03-24'], until: '2026-04-14' },
    reminders: [1440, 120],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('class calendar', () => {
  it('keeps the wall-clock time across the change to summer time, skips exceptions, stops at until', () => {
    const sessions = sessionsBetween(
      weekly(),
      new Date('2026-03-01T00:00Z'),
      new Date('2026-06-01T00:00Z'),
      TZ,
    );
    expect(sessions.map((s) => [s.date, s.startsAt])).toEqual([
      ['2026-03-17', '2026-03-17T17:30:00.000Z'],
      ['2026-03-31', '2026-03-31T16:30:00.000Z'], // after 29 March: UTC+2, still 18:30
      ['2026-04-07', '2026-04-07T16:30:00.000Z'],
      ['2026-04-14', '2026-04-14T16:30:00.000Z'],
    ]);
    expect(sessions[1]!.id).toBe('01JCLASS0000000000000000AB-20260331');
  });

  it('finds only the sessions in the window, and none for a date the class does not have', () => {
    const klass = weekly({ repeat: { weekly: true, except: [] } });
    const window = sessionsBetween(klass, new Date('2027-01-05T17:00Z'), new Date('2027-01-13T00:00Z'), TZ);
    expect(window.map((s) => s.date)).toEqual(['2027-01-05', '2027-01-12']);
    expect(sessionOn(klass, '2027-01-06', TZ)).toBeNull();
    expect(sessionOn(klass, '2026-03-10', TZ)).toBeNull(); // before the first
    expect(sessionOn(weekly({ repeat: null }), '2026-03-24', TZ)).toBeNull();
    expect(
      sessionsBetween(weekly({ repeat: null }), new Date('2026-01-01'), new Date('2027-01-01'), TZ),
    ).toHaveLength(1);
  });

  it('parses session ids and refuses what is not one', () => {
    expect(parseSessionId('01JCLASS0000000000000000AB-20260331')).toEqual({
      classId: '01JCLASS0000000000000000AB',
      date: '2026-03-31',
    });
    expect(parseSessionId('nope')).toBeNull();
    expect(parseSessionId('x-2026033')).toBeNull();
  });
});

describe('what day and time a customer means', () => {
  const cases: [string, ReturnType<typeof parseWanted>][] = [
    ['je veux réserver mardi 18h30', { weekday: 2, time: '18:30' }],
    ['Je veux réserver MARDI à 18:30 svp', { weekday: 2, time: '18:30' }],
    ['book tomorrow at 9', { inDays: 1, time: '09:00' }],
    ['Ich möchte am Freitag um 7 buchen', { weekday: 5, time: '07:00' }],
    ['le 18.3 à 18h', { dayMonth: { day: 18, month: 3 }, time: '18:00' }],
    ['réserver demain', { inDays: 1 }],
    ['je veux réserver un cours', {}],
  ];
  for (const [text, wanted] of cases) {
    it(`reads "${text}"`, () => expect(parseWanted(text)).toEqual(wanted));
  }

  it('matches a session by weekday, relative day, date and time', () => {
    expect(matchesWanted({ weekday: 2, time: '18:30' }, '2026-03-31', '18:30', '2026-03-30')).toBe(true);
    expect(matchesWanted({ weekday: 2, time: '18:30' }, '2026-03-31', '19:30', '2026-03-30')).toBe(false);
    expect(matchesWanted({ inDays: 1 }, '2026-03-31', '07:00', '2026-03-30')).toBe(true);
    expect(matchesWanted({ inDays: 1 }, '2026-04-01', '07:00', '2026-03-30')).toBe(false);
    expect(matchesWanted({ dayMonth: { day: 31, month: 3 } }, '2026-03-31', '07:00', '2026-03-01')).toBe(
      true,
    );
  });
});
