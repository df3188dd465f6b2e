import { sql } from 'kysely';
import type { MessageDedupe } from '../sql/message-dedupe.js';
import { MESSAGE_COLUMNS, MESSAGE_SLOTS } from '../sql/message-rows.js';
import { inboxActivityUpdate } from '../sql/inbox-queries.js';
import { prepareRaw, type SlotFn } from '../sql/prepared-query.js';
import { postgresDialect } from './dialect.js';

const insertUnlessDuplicate = (slot: SlotFn) =>
  sql`INSERT INTO messages (${sql.raw(MESSAGE_COLUMNS)}, dedupe_key)
    VALUES (${sql.join(MESSAGE_SLOTS.map((name) => slot(name)))}, ${slot('key')})
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`;

/**
 * Writers in several processes meet on the unique index of the key: a second insert waits for the
 * first to commit, then does nothing, and the stored message is read back.
 */
export const postgresMessageDedupe: MessageDedupe = {
  insertUnlessDuplicate: prepareRaw(postgresDialect, (slot) => insertUnlessDuplicate(slot), {
    returnsRows: false,
  }),
  // The UPDATE sees what the INSERT returned (one snapshot): a duplicate moves nothing.
  insertMovingUnlessDuplicate: prepareRaw(
    postgresDialect,
    (slot) => sql`WITH stored AS (${insertUnlessDuplicate(slot)} RETURNING 1),
      moved AS (${inboxActivityUpdate(postgresDialect, slot)} AND EXISTS (SELECT 1 FROM stored))
      SELECT count(*) FROM stored`,
    { returnsRows: true },
  ),
  insertFrom: (slot, source) => sql`INSERT INTO messages (${sql.raw(MESSAGE_COLUMNS)}, dedupe_key)
    SELECT ${sql.join(MESSAGE_SLOTS.map((name) => slot(name)))}, ${slot('key')} FROM ${source}
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`,
  byKey: prepareRaw(
    postgresDialect,
    (slot) => sql`SELECT ${sql.raw(MESSAGE_COLUMNS)} FROM messages WHERE dedupe_key = ${slot('key')}`,
    { returnsRows: true },
  ),
  params: (key) => ({ key }),
};
