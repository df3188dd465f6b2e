import type { PostgresMigration } from './migration.js';

/** A lease per conversation for its assistant turns, and the newest message answered (embedded 022). */
export const turns: PostgresMigration = {
  version: 6,
  name: 'turns',
  up: `
CREATE TABLE turns (
  conversation_id text PRIMARY KEY,
  holder text,
  lease_until text,
  answered_through text
);
`,
};
