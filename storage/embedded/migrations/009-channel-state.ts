import type { Migration } from './migration.js';

/**
 * State a channel keeps between runs (the Baileys WhatsApp link's credentials and signal keys,
 * encrypted with SECRET_KEY before they get here), and named leases so exactly one process holds the link.
 */
export const channelState: Migration = {
  version: 9,
  name: 'channel-state',
  up: `
CREATE TABLE channel_state (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;
`,
};
