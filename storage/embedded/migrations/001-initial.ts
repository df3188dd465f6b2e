import type { Migration } from './migration.js';

/*
 * Conventions: ids are caller-given time-ordered strings, timestamps ISO strings, booleans 0/1, JSON as
 * text. `*_key` columns hold a lowercased copy for case-insensitive uniqueness and lookups.
 * Small hot tables are WITHOUT ROWID (keyed by id): one b-tree fewer to write per insert.
 */
const contacts = `
CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  tags TEXT NOT NULL,
  search_text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX contacts_created ON contacts (created_at, id);

CREATE TABLE channel_identities (
  channel TEXT NOT NULL,
  external_id TEXT NOT NULL,
  contact_id TEXT NOT NULL REFERENCES contacts (id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (channel, external_id)
) WITHOUT ROWID;
CREATE INDEX channel_identities_contact ON channel_identities (contact_id);
`;

const conversations = `
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  contact_id TEXT REFERENCES contacts (id),
  channel TEXT NOT NULL,
  external_chat_id TEXT,
  link_id TEXT,
  mode TEXT NOT NULL,
  handoff INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_message_at TEXT
);
CREATE INDEX conversations_external_chat ON conversations (channel, external_chat_id, created_at);
CREATE INDEX conversations_contact ON conversations (contact_id);

CREATE TABLE conversation_members (
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  contact_id TEXT NOT NULL REFERENCES contacts (id),
  last_read_message_id TEXT,
  joined_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX conversation_members_contact ON conversation_members (contact_id);
`;

const messages = `
CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  sender_type TEXT NOT NULL,
  sender_id TEXT,
  sender_name TEXT NOT NULL,
  text TEXT NOT NULL,
  media TEXT,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT,
  external_id TEXT,
  client_message_id TEXT,
  dedupe_key TEXT,
  created_at TEXT NOT NULL
);
-- A rowid table: history pages read rows by rowid from messages_conversation, cheaper than by id.
-- Partial indexes: outbound messages have neither key and so touch neither index.
CREATE INDEX messages_conversation ON messages (conversation_id, id);
CREATE UNIQUE INDEX messages_dedupe ON messages (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX messages_external ON messages (channel, external_id) WHERE external_id IS NOT NULL;
`;

const links = `
CREATE TABLE links (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  mode TEXT NOT NULL,
  custom_prompt TEXT,
  token TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL,
  code_key TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;

const catalog = `
CREATE TABLE offers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  price REAL NOT NULL,
  currency TEXT NOT NULL,
  payment_url TEXT,
  visible INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE articles (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  visible INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE promo_codes (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  code_key TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  discount TEXT NOT NULL,
  valid_until TEXT,
  max_uses INTEGER,
  uses INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;

const settings = `
CREATE TABLE assistant_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  data TEXT NOT NULL
);

CREATE TABLE settings_values (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

const outbox = `
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL REFERENCES messages (id),
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  channel TEXT NOT NULL,
  recipient TEXT,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
-- One index serves claims (pending by due time, the few leased ones) and purges: every extra index
-- is one more page written per commit on the hot path.
CREATE INDEX outbox_status ON outbox (status, next_attempt_at);
`;

const admin = `
CREATE TABLE admin_users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE admin_sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  ip TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX admin_sessions_user ON admin_sessions (user_id);
CREATE INDEX admin_sessions_expiry ON admin_sessions (expires_at);

CREATE TABLE login_attempts (
  key TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key, at);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  user_id TEXT,
  action TEXT NOT NULL,
  target TEXT,
  details TEXT,
  ip TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at, id);
`;

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up: [contacts, conversations, messages, links, catalog, settings, outbox, admin].join('\n'),
};
