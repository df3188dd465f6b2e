import type { Migration } from './migration.js';

/** Opt-out per contact and channel (STOP / START): campaigns skip the contacts opted out. */
export const consents: Migration = {
  version: 5,
  name: 'consents',
  up: `
CREATE TABLE consents (
  contact_id TEXT NOT NULL REFERENCES contacts (id),
  channel TEXT NOT NULL,
  opted_out INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (contact_id, channel)
) WITHOUT ROWID;
CREATE INDEX consents_opted_out ON consents (channel, contact_id) WHERE opted_out = 1;
`,
};
