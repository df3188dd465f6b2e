import { sql } from 'kysely';
import type { MessageDedupe } from '../sql/message-dedupe.js';
import { MESSAGE_COLUMNS, MESSAGE_SLOTS } from '../sql/message-rows.js';
import { prepareRaw } from '../sql/prepared-query.js';
import { dedupeHash } from './dedupe-hash.js';
import { sqliteDialect } from './sql-executor.js';

/** Atomic: every write runs on the one connection, inside SQLite's write lock (see dedupe-hash.ts). */
export const sqliteMessageDedupe: MessageDedupe = {
  insertUnlessDuplicate: prepareRaw(
    sqliteDialect,
    (slot) =>
      sql`INSERT INTO messages (${sql.raw(MESSAGE_COLUMNS)}, dedupe_key, dedupe_hash)
        SELECT ${sql.join(MESSAGE_SLOTS.map((name) => slot(name)))}, ${slot('key')}, ${slot('hash')}
        WHERE NOT EXISTS (SELECT 1 FROM messages WHERE dedupe_hash = ${slot('hash')} AND dedupe_key = ${slot('key')})`,
    { returnsRows: false },
  ),
  // One writer, in process: no round trip to save.
  insertMovingUnlessDuplicate: null,
  insertFrom: null,
  byKey: prepareRaw(
    sqliteDialect,
    (slot) => sql`SELECT ${sql.raw(MESSAGE_COLUMNS)} FROM messages
      WHERE dedupe_hash = ${slot('hash')} AND dedupe_key = ${slot('key')} ORDER BY rowid LIMIT 1`,
    { returnsRows: true },
  ),
  params: (key) => ({ key, hash: dedupeHash(key) }),
};
