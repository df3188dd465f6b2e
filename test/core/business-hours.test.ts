import { describe, expect, it } from 'vitest';
import { type BusinessHours, DEFAULT_BUSINESS_HOURS, nextOpening } from '../../core/business-hours.js';

const ZURICH = 'Europe/Zurich';
const officeHours: BusinessHours = {
  enabled: true,
  awayMessage: '',
  weekly: {
    ...DEFAULT_BUSINESS_HOURS.weekly,
    mon: [
      { from: '14:00', to: '18:00' },
      { from: '08:00', to: '12:00' },
    ],
    tue: [{ from: '08:00', to: '12:00' }],
    fri: [{ from: '09:00', to: '24:00' }],
  },
};
const at = (iso: string) => new Date(iso);

describe('nextOpening', () => {
  it('is null inside an interval, or when hours are off', () => {
    // Monday 2026-12-07 09:30 in Zurich (UTC+1).
    expect(nextOpening(at('2026-12-07T08:30:00Z'), officeHours, ZURICH)).toBeNull();
    expect(nextOpening(at('2026-12-07T16:30:00Z'), officeHours, ZURICH)).toBeNull();
    expect(nextOpening(at('2026-12-11T22:59:00Z'), officeHours, ZURICH)).toBeNull();
    expect(nextOpening(at('2026-12-06T03:00:00Z'), { ...officeHours, enabled: false }, ZURICH)).toBeNull();
  });

  it('gives the same day’s next interval, then the next open day, in the zone’s wall clock', () => {
    // Monday 12:30 → 14:00 the same day (intervals given out of order).
    expect(nextOpening(at('2026-12-07T11:30:00Z'), officeHours, ZURICH)).toEqual(at('2026-12-07T13:00:00Z'));
    // Monday 18:00 (the end is exclusive) → Tuesday 08:00.
    expect(nextOpening(at('2026-12-07T17:00:00Z'), officeHours, ZURICH)).toEqual(at('2026-12-08T07:00:00Z'));
    // Saturday night → Monday 08:00; Sunday 2026-12-06 01:00 local.
    expect(nextOpening(at('2026-12-06T00:00:00Z'), officeHours, ZURICH)).toEqual(at('2026-12-07T07:00:00Z'));
    // Tuesday after closing → Friday 09:00, a week's wrap is found too (Friday 00:30 → Friday 09:00).
    expect(nextOpening(at('2026-12-08T12:00:00Z'), officeHours, ZURICH)).toEqual(at('2026-12-11T08:00:00Z'));
  });

  it('follows daylight saving time and other zones', () => {
    // Sunday 2026-03-29 (clocks go forward in Zurich that night) → Monday 08:00 CEST = 06:00Z.
    expect(nextOpening(at('2026-03-28T23:30:00Z'), officeHours, ZURICH)).toEqual(at('2026-03-30T06:00:00Z'));
    // The same instant (Sunday 19:00 in New York) → Monday 08:00 EDT = 12:00Z.
    expect(nextOpening(at('2026-03-29T23:00:00Z'), officeHours, 'America/New_York')).toEqual(
      at('2026-03-30T12:00:00Z'),
    );
  });

  it('is null when no day has any hours', () => {
    expect(
      nextOpening(at('2026-12-07T08:30:00Z'), { ...DEFAULT_BUSINESS_HOURS, enabled: true }, ZURICH),
    ).toBeNull();
  });
});
