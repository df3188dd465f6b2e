import { describe, expect, it } from 'vitest';
import { quietUntil } from '../../core/campaigns/quiet-hours.js';

const NIGHT = { from: '21:00', to: '08:00' };
const LUNCH = { from: '12:00', to: '13:30' };
const at = (iso: string) => new Date(iso);

describe('quietUntil', () => {
  it('is null outside the window, and the window end inside it, across midnight', () => {
    // Zurich in winter is UTC+1.
    const zone = 'Europe/Zurich';
    expect(quietUntil(at('2026-01-15T19:59:00Z'), NIGHT, zone)).toBeNull(); // 20:59
    expect(quietUntil(at('2026-01-15T20:00:00Z'), NIGHT, zone)).toEqual(at('2026-01-16T07:00:00Z'));
    expect(quietUntil(at('2026-01-15T23:30:00Z'), NIGHT, zone)).toEqual(at('2026-01-16T07:00:00Z'));
    expect(quietUntil(at('2026-01-16T06:59:59Z'), NIGHT, zone)).toEqual(at('2026-01-16T07:00:00Z'));
    expect(quietUntil(at('2026-01-16T07:00:00Z'), NIGHT, zone)).toBeNull(); // 08:00 sharp: open
  });

  it('handles a window within one day', () => {
    const zone = 'America/New_York'; // UTC-5 in January
    expect(quietUntil(at('2026-01-15T16:59:00Z'), LUNCH, zone)).toBeNull();
    expect(quietUntil(at('2026-01-15T17:00:00Z'), LUNCH, zone)).toEqual(at('2026-01-15T18:30:00Z'));
    expect(quietUntil(at('2026-01-15T18:30:00Z'), LUNCH, zone)).toBeNull();
  });

  it('ends at the local time on the nights the clocks change', () => {
    const zone = 'Europe/Zurich';
    // 29 March 2026: clocks go forward at 02:00 (UTC+1 to UTC+2); 08:00 is 06:00Z.
    expect(quietUntil(at('2026-03-28T22:00:00Z'), NIGHT, zone)).toEqual(at('2026-03-29T06:00:00Z'));
    // 25 October 2026: clocks go back at 03:00 (UTC+2 to UTC+1); 08:00 is 07:00Z.
    expect(quietUntil(at('2026-10-24T20:00:00Z'), NIGHT, zone)).toEqual(at('2026-10-25T07:00:00Z'));
    // A window ending in the skipped hour ends when the clocks read past it (03:30 local, 01:30Z).
    expect(quietUntil(at('2026-03-29T00:30:00Z'), { from: '01:00', to: '02:30' }, zone)).toEqual(
      at('2026-03-29T01:30:00Z'),
    );
  });

  it('is never quiet when the window is empty', () => {
    expect(quietUntil(at('2026-01-15T12:00:00Z'), { from: '10:00', to: '10:00' }, 'UTC')).toBeNull();
  });
});
