import type { Migration } from './migration.js';

/**
 * Classes, their sessions (a row once booked or cancelled; `booked` counts the places held, taken by
 * a conditional update), bookings, the reminder ledger (one row per booking and reminder: sent once),
 * and a message's buttons (`actions`).
 */
export const classesBookings: Migration = {
  version: 30,
  name: 'classes-bookings',
  up: `
CREATE TABLE classes (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  place TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  capacity INTEGER NOT NULL,
  price TEXT,
  payment TEXT NOT NULL,
  repeat TEXT,
  reminders TEXT NOT NULL,
  search_text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE class_sessions (
  id TEXT PRIMARY KEY,
  class_id TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  booked INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  touched INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX class_sessions_class ON class_sessions (class_id);
CREATE TABLE bookings (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL,
  class_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  conversation_id TEXT,
  status TEXT NOT NULL,
  paid INTEGER NOT NULL,
  checkout_id TEXT UNIQUE,
  payment_url TEXT,
  hold_until TEXT,
  offer_expires_at TEXT,
  cancel_reason TEXT,
  starts_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX bookings_session ON bookings (session_id, status, id);
CREATE INDEX bookings_status_start ON bookings (status, starts_at);
CREATE INDEX bookings_contact ON bookings (contact_id, starts_at);
CREATE INDEX bookings_class ON bookings (class_id, starts_at);
CREATE TABLE booking_reminders (
  booking_id TEXT NOT NULL,
  minutes_before INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (booking_id, minutes_before)
) WITHOUT ROWID;
ALTER TABLE messages ADD COLUMN actions TEXT;
`,
};
