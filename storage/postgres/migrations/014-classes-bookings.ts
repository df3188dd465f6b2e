import type { PostgresMigration } from './migration.js';

/**
 * Classes, their sessions (a row once booked or cancelled; `booked` counts the places held, taken by
 * a conditional update), bookings, the reminder ledger (one row per booking and reminder: sent once),
 * and a message's buttons (`actions`) (embedded 030).
 */
export const classesBookings: PostgresMigration = {
  version: 14,
  name: 'classes-bookings',
  up: `
CREATE TABLE classes (
  id text PRIMARY KEY,
  title text NOT NULL,
  description text NOT NULL,
  place text NOT NULL,
  starts_at text NOT NULL,
  duration_minutes integer NOT NULL,
  capacity integer NOT NULL,
  price jsonb,
  payment text NOT NULL,
  repeat jsonb,
  reminders jsonb NOT NULL,
  search_text text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE TABLE class_sessions (
  id text PRIMARY KEY,
  class_id text NOT NULL,
  starts_at text NOT NULL,
  booked integer NOT NULL DEFAULT 0,
  cancelled boolean NOT NULL DEFAULT false,
  touched integer NOT NULL DEFAULT 0
);
CREATE INDEX class_sessions_class ON class_sessions (class_id);
CREATE TABLE bookings (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  session_id text NOT NULL,
  class_id text NOT NULL,
  contact_id text NOT NULL,
  conversation_id text,
  status text NOT NULL,
  paid boolean NOT NULL,
  checkout_id text UNIQUE,
  payment_url text,
  hold_until text,
  offer_expires_at text,
  cancel_reason text,
  starts_at text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE INDEX bookings_session ON bookings (session_id, status, id);
CREATE INDEX bookings_status_start ON bookings (status, starts_at);
CREATE INDEX bookings_contact ON bookings (contact_id, starts_at);
CREATE INDEX bookings_class ON bookings (class_id, starts_at);
CREATE TABLE booking_reminders (
  booking_id text NOT NULL,
  minutes_before integer NOT NULL,
  outcome text NOT NULL,
  created_at text NOT NULL,
  PRIMARY KEY (booking_id, minutes_before)
);
ALTER TABLE messages ADD COLUMN actions jsonb;
`,
};
