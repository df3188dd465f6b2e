import type { Migration } from './migration.js';

/**
 * FTS5 merges the index's segments itself at the commit of a write (automerge): 64 leaf pages of work
 * times the number of levels each time 64 leaves have been written, so with the 31 prefix indexes
 * (migration 073) one batch of the background indexer in five to ten took more than 30 ms (up to
 * 117 ms alone on the machine, more under load). Off here: the store's indexer (search-indexer.ts) merges between its batches
 * instead, in steps of a few pages, each its own short transaction. FTS5's crisis merge (16 segments
 * on one level) still bounds the segments should the indexer not run.
 */
export const messageSearchMerges: Migration = {
  version: 74,
  name: 'message-search-merges',
  up: `INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 0);`,
};
