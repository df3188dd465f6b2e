import { dedupeHash } from '../dedupe-hash.js';
import type { Migration } from './migration.js';

/**
 * The dedupe index keys on `dedupe_hash` (see dedupe-hash.ts) instead of the text key, which stays in
 * the row: the insert checks hash and key together. Existing keys are hashed here, once.
 */
export const dedupeHashIndex: Migration = {
  version: 14,
  name: 'dedupe-hash',
  up: `
ALTER TABLE messages ADD COLUMN dedupe_hash INTEGER;
DROP INDEX messages_dedupe;
`,
  run(db) {
    // In pages of rowids: the connection cannot update while it iterates.
    const page = db
      .prepare(
        'SELECT rowid, dedupe_key FROM messages WHERE rowid > ? AND dedupe_key IS NOT NULL ORDER BY rowid LIMIT 10000',
      )
      .raw(true);
    const set = db.prepare('UPDATE messages SET dedupe_hash = ? WHERE rowid = ?');
    for (let after = 0; ; ) {
      const rows = page.all(after) as [number, string][];
      for (const [rowid, key] of rows) set.run(dedupeHash(key), rowid);
      if (rows.length < 10_000) break;
      after = rows.at(-1)![0];
    }
    db.exec('CREATE INDEX messages_dedupe_hash ON messages (dedupe_hash) WHERE dedupe_hash IS NOT NULL');
  },
};
