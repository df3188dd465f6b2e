import type { PostgresMigration } from './migration.js';

/**
 * Message words stored in a column of their own, kept by a trigger that runs on INSERT and on an
 * UPDATE of the text only (messages are never edited: in practice, once). A search for a common word
 * reads the messages newest first off the primary key and stops at its limit; testing the expression
 * index's `to_tsvector(kora_fold(text))` meant folding and parsing every message read (about 70 ms
 * for the newest 2,000 matches of 300,000 messages, 970 ms p95 at 310,000 through the API), testing a
 * stored tsvector does not (3.4 ms). Not a generated column: PostgreSQL 15 computes those again on
 * every UPDATE of the row, i.e. on each delivery status (docs/DECISIONS.md, "Growth").
 * The backfill rewrites every stored message once (about 13 s at 300,000 on the 2-core test machine).
 */
export const messageWords: PostgresMigration = {
  version: 58,
  name: 'message-words',
  up: `
ALTER TABLE messages ADD COLUMN words tsvector;
CREATE FUNCTION kora_message_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.words := to_tsvector('simple', kora_fold(NEW.text));
  RETURN NEW;
END
$$;
CREATE TRIGGER messages_words BEFORE INSERT OR UPDATE OF text ON messages
  FOR EACH ROW EXECUTE FUNCTION kora_message_words();
UPDATE messages SET words = to_tsvector('simple', kora_fold(text));
DROP INDEX messages_words;
CREATE INDEX messages_words ON messages USING gin (words);
`,
};
