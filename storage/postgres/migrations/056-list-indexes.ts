import type { PostgresMigration } from './migration.js';

/**
 * Indexes for the admin lists on a large store (embedded 071). Message words stay on 002's expression
 * index: a stored `words` column was tried and dropped, since every UPDATE of a message (each status
 * the outbox writes back) computed it again and slowed ingest (docs/DECISIONS.md).
 */
export const listIndexes: PostgresMigration = {
  version: 56,
  name: 'list-indexes',
  up: `
ALTER TABLE conversations ADD COLUMN title_search text NOT NULL DEFAULT '';
UPDATE conversations SET title_search = kora_fold(title);
CREATE INDEX conversations_recent ON conversations (coalesce(last_message_at, created_at), id)
  INCLUDE (kind, assignee_id, inbox_status)
  WHERE archived_at IS NULL;
CREATE INDEX conversations_attention ON conversations (coalesce(last_message_at, created_at))
  WHERE archived_at IS NULL AND (handoff OR coach_needed_at IS NOT NULL);
CREATE INDEX conversations_of_kind ON conversations (kind) WHERE archived_at IS NULL;`,
};
