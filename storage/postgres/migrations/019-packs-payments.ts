import type { PostgresMigration } from './migration.js';

/** Packs, pack credits and uses, Stripe event ids and payment links (embedded 035). */
export const packsPayments: PostgresMigration = {
  version: 19,
  name: 'packs-payments',
  up: `CREATE TABLE packs (
  id text PRIMARY KEY,
  name text NOT NULL,
  sessions integer NOT NULL CHECK (sessions > 0),
  price jsonb NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE TABLE pack_credits (
  id text PRIMARY KEY,
  pack_id text NOT NULL,
  contact_id text NOT NULL,
  name text NOT NULL,
  sessions integer NOT NULL,
  remaining integer NOT NULL CHECK (remaining >= 0),
  status text NOT NULL,
  checkout_id text UNIQUE,
  payment_url text,
  conversation_id text,
  created_at text NOT NULL,
  paid_at text
);
CREATE INDEX pack_credits_contact ON pack_credits (contact_id, created_at);
CREATE TABLE pack_uses (
  booking_id text PRIMARY KEY,
  credit_id text NOT NULL
);
CREATE TABLE payment_events (
  event_id text PRIMARY KEY,
  type text NOT NULL,
  received_at text NOT NULL
);
CREATE TABLE payment_links (
  payment_id text PRIMARY KEY,
  checkout_id text NOT NULL,
  purpose text NOT NULL,
  created_at text NOT NULL
);`,
};
