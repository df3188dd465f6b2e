import type { PostgresMigration } from './migration.js';

/**
 * Indexes for the admin lists on a large store (embedded 026), and the message words stored: the
 * search reads a common word's newest matches off the primary key backwards, testing each row's
 * stored `words` (cheap) instead of folding its text again; rare words use the GIN index on it.
 */
export const listIndexes: PostgresMigration = {
  version: 10,
  name: 'list-indexes',
  up: `
ALTER TABLE conversations ADD COLUMN title_search text NOT NULL DEFAULT '';
UPDATE conversations SET title_search = kora_fold(title);
CREATE INDEX conversations_recent ON conversations (coalesce(last_message_at, created_at), id)
  WHERE archived_at IS NULL;
CREATE INDEX conversations_attention ON conversations (coalesce(last_message_at, created_at))
  WHERE archived_at IS NULL AND (handoff OR coach_needed_at IS NOT NULL);
CREATE INDEX conversations_of_kind ON conversations (kind) WHERE archived_at IS NULL;
ALTER TABLE messages ADD COLUMN words tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', kora_fold(text))) STORED;
CREATE INDEX messages_words_stored ON messages USING gin (words);
DROP INDEX messages_words;`,
};
