import type { Migration } from './migration.js';

/**
 * Packs and the contacts' credits of them (issue 20); `pack_uses` says which credit a booking took a
 * session from (one per booking: taking is idempotent, giving back finds it). `payment_events` keeps
 * the Stripe event ids applied (a redelivery is applied once); `payment_links` maps a payment intent to
 * its checkout, which a refund names. `remaining >= 0` is checked by the database as well.
 */
export const packsPayments: Migration = {
  version: 35,
  name: 'packs-payments',
  up: `CREATE TABLE packs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sessions INTEGER NOT NULL CHECK (sessions > 0),
  price TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE pack_credits (
  id TEXT PRIMARY KEY,
  pack_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  name TEXT NOT NULL,
  sessions INTEGER NOT NULL,
  remaining INTEGER NOT NULL CHECK (remaining >= 0),
  status TEXT NOT NULL,
  checkout_id TEXT UNIQUE,
  payment_url TEXT,
  conversation_id TEXT,
  created_at TEXT NOT NULL,
  paid_at TEXT
);
CREATE INDEX pack_credits_contact ON pack_credits (contact_id, created_at);
CREATE TABLE pack_uses (
  booking_id TEXT PRIMARY KEY,
  credit_id TEXT NOT NULL
);
CREATE TABLE payment_events (
  event_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE TABLE payment_links (
  payment_id TEXT PRIMARY KEY,
  checkout_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  created_at TEXT NOT NULL
);`,
};
