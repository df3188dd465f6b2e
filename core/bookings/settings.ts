/** The coach's booking settings, one JSON value in the settings store (defaults when never saved). */
import type { SettingsRepository } from '../repositories.js';
import type { QuietHours } from '../types.js';

export interface BookingSettings {
  /** An unpaid online booking holds its place this long. */
  holdMinutes: number;
  /** A freed place offered to a waiting booking may be accepted this long. */
  offerMinutes: number;
  /** No reminder goes out in this daily window (TIMEZONE); null: none. */
  quietHours: QuietHours | null;
}

export const DEFAULT_BOOKING_SETTINGS: BookingSettings = {
  holdMinutes: 30,
  offerMinutes: 120,
  quietHours: { from: '21:00', to: '08:00' },
};

const KEY = 'bookings:settings';

export async function readBookingSettings(settings: SettingsRepository): Promise<BookingSettings> {
  const stored = await settings.getValue(KEY);
  return stored
    ? { ...DEFAULT_BOOKING_SETTINGS, ...(JSON.parse(stored) as Partial<BookingSettings>) }
    : DEFAULT_BOOKING_SETTINGS;
}

export async function writeBookingSettings(
  settings: SettingsRepository,
  value: BookingSettings,
): Promise<BookingSettings> {
  await settings.setValue(KEY, JSON.stringify(value));
  return value;
}
