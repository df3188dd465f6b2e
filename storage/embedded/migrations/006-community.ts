import type { Migration } from './migration.js';

/**
 * Groups can be deleted (archived: hidden, their messages kept), and the coach's inbox searches the
 * messages' text through FTS5. The index is contentless (the text stays in `messages` only) and is
 * filled lazily, in rowid order, by the search itself (`search_state` says how far it got): the hot
 * ingest path writes no index at all.
 */
export const community: Migration = {
  version: 6,
  name: 'community',
  up: `
ALTER TABLE conversations ADD COLUMN archived_at TEXT;
CREATE INDEX conversations_kind ON conversations (kind, last_message_at);

CREATE VIRTUAL TABLE messages_fts USING fts5(
  text,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE search_state (
  name TEXT PRIMARY KEY,
  last_rowid INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO search_state (name, last_rowid) VALUES ('messages', 0);
`,
};
