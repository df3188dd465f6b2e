import type { PostgresMigration } from './migration.js';

/** Images sent in conversations and the web chat's logo; the coach's read markers (embedded 040). */
export const attachments: PostgresMigration = {
  version: 24,
  name: 'attachments',
  up: `
CREATE TABLE attachments (
  id text PRIMARY KEY,
  conversation_id text REFERENCES conversations (id),
  uploader_type text NOT NULL,
  uploader_id text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  data bytea NOT NULL,
  created_at text NOT NULL
);
CREATE TABLE coach_reads (
  conversation_id text PRIMARY KEY REFERENCES conversations (id),
  message_id text NOT NULL,
  read_at text NOT NULL
);
`,
};
