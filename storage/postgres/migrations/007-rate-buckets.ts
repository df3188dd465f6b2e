import type { PostgresMigration } from './migration.js';

/** Channel rate limits shared by every process (embedded 023). */
export const rateBuckets: PostgresMigration = {
  version: 7,
  name: 'rate-buckets',
  up: `
CREATE TABLE rate_buckets (
  key text PRIMARY KEY,
  next_free_at double precision NOT NULL
);
`,
};
