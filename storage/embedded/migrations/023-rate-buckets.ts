import type { Migration } from './migration.js';

/** Channel rate limits shared by every process: when each key's next token is free (ms since the epoch). */
export const rateBuckets: Migration = {
  version: 23,
  name: 'rate-buckets',
  up: `
CREATE TABLE rate_buckets (
  key TEXT PRIMARY KEY,
  next_free_at REAL NOT NULL
) WITHOUT ROWID;
`,
};
