import type { PostgresMigration } from './migration.js';

/**
 * Back to 002's expression index for message words: the stored `words` column of 010 was computed
 * again on every UPDATE of a message (each status the outbox writes back), which slowed ingest enough
 * for a burst spread over two processes to be answered twice (test/e2e/postgres-two-apps.test.ts).
 */
export const wordsExpression: PostgresMigration = {
  version: 12,
  name: 'words-expression',
  up: `
ALTER TABLE messages DROP COLUMN words;
CREATE INDEX messages_words ON messages USING gin (to_tsvector('simple', kora_fold(text)));`,
};
