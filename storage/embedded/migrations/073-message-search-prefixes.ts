import type { Migration } from './migration.js';

/** The prefix lengths indexed: every length FTS5 allows (at most 31 prefix indexes). */
const PREFIXES = Array.from({ length: 31 }, (_, i) => i + 1).join(' ');

/**
 * The message index keeps, beside each word, a prefix index of each length from 1 to 31 characters,
 * and no positions (`detail = none`: every query is words, each a prefix, never a phrase). A typed
 * word (`"bonjour"*`) is then ONE doclist, read newest first and stopped at the search's limit; without
 * them FTS5 merged the doclists of every word starting so before the limit applied (a common word cost
 * its number of matches: 6-20 ms, read twice per search page, at 1,000,000 messages). Words longer than
 * 31 characters still merge (few messages hold one). The index is rebuilt: emptied here, refilled
 * from the first message by the store's background indexer (search-indexer.ts) once it opens.
 */
export const messageSearchPrefixes: Migration = {
  version: 73,
  name: 'message-search-prefixes',
  up: `
DROP TABLE messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5(
  text,
  content = '',
  contentless_delete = 1,
  detail = none,
  prefix = '${PREFIXES}',
  tokenize = 'unicode61 remove_diacritics 2'
);
UPDATE search_state SET last_rowid = 0 WHERE name = 'messages';`,
};
