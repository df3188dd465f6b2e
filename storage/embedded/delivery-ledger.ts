/** Ledger creation on SQLite: multi-row inserts and one JSON statement per contact batch. */
import { sql } from 'kysely';
import type { Delivery } from '../../core/types.js';
import { DELIVERY_COLUMNS, type DeliveryLedger } from '../sql/delivery-ledger.js';
import { prepareRaw, type PreparedQuery } from '../sql/prepared-query.js';
import { sqliteDialect } from './sql-executor.js';

/** Rows per multi-row INSERT (14 parameters each, far below SQLite's limit). */
const INSERT_CHUNK = 100;
const ROW_VALUES = 14;

/** Positional and OR IGNORE: a known key writes nothing; one call into SQLite per chunk, not per row. */
function insertOf(rows: number): PreparedQuery {
  const marks = Array.from(
    { length: rows },
    () => `(${Array.from({ length: ROW_VALUES }, () => '?').join(', ')})`,
  );
  return {
    sql: `INSERT OR IGNORE INTO campaign_deliveries (${DELIVERY_COLUMNS}) VALUES ${marks.join(', ')}`,
    dialect: sqliteDialect,
    slots: [],
    returnsRows: false,
    mayConflict: false,
  };
}

const insertOne = insertOf(1);
const insertChunk = insertOf(INSERT_CHUNK);

/**
 * The rows travel as one JSON array and the status is decided in SQL: no value bound per row, no
 * identity read back to JavaScript. `+channel` keeps the identity lookup on the contact index.
 */
const insertContactRows = prepareRaw(
  sqliteDialect,
  (slot) => sql`WITH row AS MATERIALIZED (
      SELECT value ->> 0 AS id, value ->> 1 AS contact,
        CASE WHEN value ->> 2 THEN 1
          WHEN EXISTS (SELECT 1 FROM channel_identities i
                       WHERE i.contact_id = value ->> 1 AND +i.channel = ${slot('channel')}) THEN 0
          ELSE 2 END AS kind
      FROM json_each(${slot('rows')}))
    INSERT OR IGNORE INTO campaign_deliveries (${sql.raw(DELIVERY_COLUMNS)})
    SELECT id, ${slot('campaign')}, ${slot('slot')}, 'contact', contact, ${slot('channel')},
      CASE kind WHEN 0 THEN 'pending' ELSE 'skipped' END,
      CASE kind WHEN 0 THEN NULL WHEN 1 THEN ${slot('optedOut')} ELSE ${slot('noIdentity')} END,
      NULL, NULL, NULL, NULL, ${slot('now')}, ${slot('now')}
    FROM row`,
  { returnsRows: false },
);

/** A ledger row's values, in DELIVERY_COLUMNS order, from `at` in `params`. */
function putRow(params: unknown[], at: number, r: Delivery): void {
  params[at] = r.id;
  params[at + 1] = r.campaignId;
  params[at + 2] = r.slot;
  params[at + 3] = r.recipientType;
  params[at + 4] = r.recipientId;
  params[at + 5] = r.channel;
  params[at + 6] = r.status;
  params[at + 7] = r.error === null ? null : JSON.stringify(r.error);
  params[at + 8] = r.messageId;
  params[at + 9] = r.conversationId;
  params[at + 10] = r.claimToken;
  params[at + 11] = r.claimedUntil;
  params[at + 12] = r.createdAt;
  params[at + 13] = r.updatedAt;
}

export const sqliteDeliveryLedger: DeliveryLedger = {
  async insertMany(db, rows) {
    let inserted = 0;
    let start = 0;
    // One array for every chunk: binding copies the values.
    const params: unknown[] = new Array(INSERT_CHUNK * ROW_VALUES);
    for (; start + INSERT_CHUNK <= rows.length; start += INSERT_CHUNK) {
      for (let i = 0; i < INSERT_CHUNK; i++) putRow(params, i * ROW_VALUES, rows[start + i]!);
      inserted += await db.run(insertChunk, params);
    }
    const single: unknown[] = new Array(ROW_VALUES);
    for (; start < rows.length; start++) {
      putRow(single, 0, rows[start]!);
      inserted += await db.run(insertOne, single);
    }
    return inserted;
  },

  async insertContactRows(db, slot, rows, reasons) {
    if (rows.length === 0) return 0;
    return db.run(insertContactRows, {
      campaign: slot.campaignId,
      slot: slot.slot,
      channel: slot.channel,
      now: slot.now,
      optedOut: JSON.stringify(reasons.optedOut),
      noIdentity: JSON.stringify(reasons.noIdentity),
      rows: JSON.stringify(rows),
    });
  },
};
