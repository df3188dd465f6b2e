import type { PostgresMigration } from './migration.js';

/**
 * The schema of the embedded store as of its migration 018, in PostgreSQL types: booleans as
 * `boolean`, JSON as `jsonb`, timestamps as ISO-8601 text like SQLite (they sort and compare the same
 * on both backends, and hot paths convert nothing). Message full-text search comes with the messages
 * repository (a later migration).
 */
export const baseline: PostgresMigration = {
  version: 1,
  name: 'baseline',
  up: `
CREATE TABLE contacts (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text,
  phone text,
  tags jsonb NOT NULL,
  search_text text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  phone_verified boolean NOT NULL DEFAULT false,
  email_verified boolean NOT NULL DEFAULT false
);
CREATE INDEX contacts_created ON contacts (created_at, id);
CREATE INDEX contacts_phone ON contacts (phone);
CREATE INDEX contacts_email ON contacts (lower(email));

CREATE TABLE channel_identities (
  channel text NOT NULL,
  external_id text NOT NULL,
  contact_id text NOT NULL REFERENCES contacts (id),
  created_at text NOT NULL,
  PRIMARY KEY (channel, external_id)
);
CREATE INDEX channel_identities_contact ON channel_identities (contact_id);

CREATE TABLE conversations (
  id text PRIMARY KEY,
  kind text NOT NULL,
  title text NOT NULL,
  contact_id text REFERENCES contacts (id),
  channel text NOT NULL,
  external_chat_id text,
  link_id text,
  mode text NOT NULL,
  handoff boolean NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  last_message_at text,
  handoff_at text,
  archived_at text,
  coach_needed_at text
);
CREATE INDEX conversations_external_chat ON conversations (channel, external_chat_id, created_at);
CREATE INDEX conversations_contact ON conversations (contact_id);
CREATE INDEX conversations_handoff_at ON conversations (handoff_at) WHERE handoff;
CREATE INDEX conversations_coach_needed ON conversations (coach_needed_at) WHERE coach_needed_at IS NOT NULL;

CREATE TABLE conversation_members (
  conversation_id text NOT NULL REFERENCES conversations (id),
  contact_id text NOT NULL REFERENCES contacts (id),
  last_read_message_id text,
  joined_at text NOT NULL,
  PRIMARY KEY (conversation_id, contact_id)
);
CREATE INDEX conversation_members_contact ON conversation_members (contact_id);

CREATE TABLE messages (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id),
  sender_type text NOT NULL,
  sender_id text,
  sender_name text NOT NULL,
  text text NOT NULL,
  media jsonb,
  channel text NOT NULL,
  status text NOT NULL,
  error jsonb,
  external_id text,
  client_message_id text,
  dedupe_key text,
  created_at text NOT NULL,
  guard jsonb,
  template jsonb
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
CREATE INDEX messages_external ON messages (channel, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX messages_guarded ON messages (created_at) WHERE guard IS NOT NULL;
CREATE INDEX messages_queued ON messages (created_at) WHERE status = 'queued';
-- Several processes ingest at once: the key itself decides a duplicate (SQLite's one writer uses a hash).
CREATE UNIQUE INDEX messages_dedupe ON messages (dedupe_key) WHERE dedupe_key IS NOT NULL;

CREATE TABLE links (
  id text PRIMARY KEY,
  name text NOT NULL,
  mode text NOT NULL,
  custom_prompt text,
  token text NOT NULL UNIQUE,
  code text NOT NULL,
  code_key text NOT NULL UNIQUE,
  created_at text NOT NULL,
  updated_at text NOT NULL
);

CREATE TABLE offers (
  id text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  description text NOT NULL,
  price double precision NOT NULL,
  currency text NOT NULL,
  payment_url text,
  visible boolean NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL
);

CREATE TABLE articles (
  id text PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL,
  visible boolean NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL
);

CREATE TABLE promo_codes (
  id text PRIMARY KEY,
  code text NOT NULL,
  code_key text NOT NULL UNIQUE,
  description text NOT NULL,
  discount jsonb NOT NULL,
  valid_until text,
  max_uses integer,
  uses integer NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL
);

CREATE TABLE assistant_settings (
  id integer PRIMARY KEY CHECK (id = 1),
  data jsonb NOT NULL
);

CREATE TABLE settings_values (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE outbox (
  id text PRIMARY KEY,
  message_id text NOT NULL REFERENCES messages (id),
  conversation_id text NOT NULL REFERENCES conversations (id),
  channel text NOT NULL,
  recipient text,
  status text NOT NULL,
  attempts integer NOT NULL,
  next_attempt_at text NOT NULL,
  lease_until text,
  last_error jsonb,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE INDEX outbox_status ON outbox (status, next_attempt_at);
CREATE INDEX outbox_message ON outbox (message_id);

CREATE TABLE admin_users (
  id text PRIMARY KEY,
  email text NOT NULL,
  email_key text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL,
  password_hash text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  totp_secret text,
  totp_enabled_at text,
  totp_last_step bigint
);

CREATE TABLE admin_recovery_codes (
  user_id text NOT NULL,
  code_hash text NOT NULL,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE admin_sessions (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  ip text,
  created_at text NOT NULL,
  expires_at text NOT NULL
);
CREATE INDEX admin_sessions_user ON admin_sessions (user_id);
CREATE INDEX admin_sessions_expiry ON admin_sessions (expires_at);

CREATE TABLE login_attempts (
  key text NOT NULL,
  slot integer NOT NULL,
  id text NOT NULL,
  at text NOT NULL,
  PRIMARY KEY (key, slot)
);

CREATE TABLE audit_log (
  id text PRIMARY KEY,
  user_id text,
  action text NOT NULL,
  target text,
  details jsonb,
  ip text,
  created_at text NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at, id);

CREATE TABLE tracked_links (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id),
  url text NOT NULL,
  clicks integer NOT NULL DEFAULT 0,
  created_at text NOT NULL,
  last_click_at text
);
CREATE INDEX tracked_links_conversation ON tracked_links (conversation_id, id);

CREATE TABLE ai_usage (
  day text NOT NULL,
  provider text NOT NULL,
  calls integer NOT NULL,
  input_tokens bigint NOT NULL,
  output_tokens bigint NOT NULL,
  PRIMARY KEY (day, provider)
);

CREATE TABLE consents (
  contact_id text NOT NULL REFERENCES contacts (id),
  channel text NOT NULL,
  opted_out boolean NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (contact_id, channel)
);
CREATE INDEX consents_opted_out ON consents (channel, contact_id) WHERE opted_out;

CREATE TABLE campaigns (
  id text PRIMARY KEY,
  name text NOT NULL,
  message text NOT NULL,
  media_url text,
  targets jsonb NOT NULL,
  channels jsonb NOT NULL,
  schedule jsonb,
  rate double precision,
  status text NOT NULL,
  slots jsonb NOT NULL,
  error jsonb,
  created_by jsonb,
  launched_at text,
  completed_at text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  whatsapp_template jsonb,
  quiet_hours jsonb
);
CREATE INDEX campaigns_status ON campaigns (status, id);

CREATE TABLE campaign_deliveries (
  id text PRIMARY KEY,
  campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  slot integer NOT NULL,
  recipient_type text NOT NULL,
  recipient_id text NOT NULL,
  channel text NOT NULL,
  status text NOT NULL,
  error jsonb,
  message_id text,
  conversation_id text,
  claim_token text,
  claimed_until text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  UNIQUE (campaign_id, slot, recipient_id, channel)
);
CREATE INDEX campaign_deliveries_pending ON campaign_deliveries (campaign_id, slot, id) WHERE status = 'pending';
CREATE INDEX campaign_deliveries_message ON campaign_deliveries (message_id) WHERE message_id IS NOT NULL;

CREATE TABLE scheduler_jobs (
  id text PRIMARY KEY,
  name text NOT NULL,
  type text NOT NULL,
  priority integer NOT NULL DEFAULT 0,
  next_run_at bigint,
  locked_at bigint,
  disabled boolean NOT NULL DEFAULT false,
  doc jsonb NOT NULL
);
CREATE UNIQUE INDEX scheduler_jobs_single ON scheduler_jobs (name) WHERE type = 'single';
CREATE INDEX scheduler_jobs_due ON scheduler_jobs (name, next_run_at, priority);

CREATE TABLE channel_state (
  namespace text NOT NULL,
  key text NOT NULL,
  value text NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (namespace, key)
);

CREATE TABLE leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at text NOT NULL
);
`,
};
