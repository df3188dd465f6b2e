import type { Migration } from './migration.js';

/**
 * Issue 19: images sent in conversations (and the web chat's logo, with no conversation), their bytes
 * in the database; and the coach's read marker per conversation (the customer's ✓✓ "read").
 */
export const attachments: Migration = {
  version: 40,
  name: 'attachments',
  up: `
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  conversation_id TEXT REFERENCES conversations (id),
  uploader_type TEXT NOT NULL,
  uploader_id TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE coach_reads (
  conversation_id TEXT PRIMARY KEY REFERENCES conversations (id),
  message_id TEXT NOT NULL,
  read_at TEXT NOT NULL
);
`,
};
