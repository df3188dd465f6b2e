import type { Migration } from './migration.js';

/**
 * A lease per conversation for its assistant turns (issue 17): the process running a turn holds it
 * (`holder`, `lease_until`), and `answered_through` is the newest message a finished turn answered
 * (message ids sort by time), so a turn for an older message is not run again by another process.
 */
export const turns: Migration = {
  version: 22,
  name: 'turns',
  up: `
CREATE TABLE turns (
  conversation_id TEXT PRIMARY KEY,
  holder TEXT,
  lease_until TEXT,
  answered_through TEXT
) WITHOUT ROWID;
`,
};
