/** Ledger creation on PostgreSQL: every row of a call in one statement, as a JSON array. */
import { sql } from 'kysely';
import { DELIVERY_COLUMNS, type DeliveryLedger } from '../sql/delivery-ledger.js';
import { prepareRaw } from '../sql/prepared-query.js';
import { postgresDialect } from './dialect.js';

const insertMany = prepareRaw(
  postgresDialect,
  (slot) => sql`INSERT INTO campaign_deliveries (${sql.raw(DELIVERY_COLUMNS)})
    SELECT id, campaign_id, slot, recipient_type, recipient_id, channel, status, error, message_id,
      conversation_id, claim_token, claimed_until, created_at, updated_at
    FROM jsonb_to_recordset(CAST(${slot('rows')} AS jsonb)) AS r(id text, campaign_id text, slot integer,
      recipient_type text, recipient_id text, channel text, status text, error jsonb, message_id text,
      conversation_id text, claim_token text, claimed_until text, created_at text, updated_at text)
    ON CONFLICT DO NOTHING`,
  { returnsRows: false },
);

const insertContactRows = prepareRaw(
  postgresDialect,
  (slot) => sql`WITH row AS MATERIALIZED (
      SELECT r.value ->> 0 AS id, r.value ->> 1 AS contact,
        CASE WHEN (r.value -> 2) = 'true'::jsonb THEN 1
          WHEN EXISTS (SELECT 1 FROM channel_identities i
                       WHERE i.contact_id = r.value ->> 1 AND i.channel = ${slot('channel')}) THEN 0
          ELSE 2 END AS kind
      FROM jsonb_array_elements(CAST(${slot('rows')} AS jsonb)) AS r(value))
    INSERT INTO campaign_deliveries (${sql.raw(DELIVERY_COLUMNS)})
    SELECT id, ${slot('campaign')}, ${slot('slot')}, 'contact', contact, ${slot('channel')},
      CASE kind WHEN 0 THEN 'pending' ELSE 'skipped' END,
      CASE kind WHEN 0 THEN NULL WHEN 1 THEN CAST(${slot('optedOut')} AS jsonb)
        ELSE CAST(${slot('noIdentity')} AS jsonb) END,
      NULL, NULL, NULL, NULL, ${slot('now')}, ${slot('now')}
    FROM row
    ON CONFLICT DO NOTHING`,
  { returnsRows: false },
);

export const postgresDeliveryLedger: DeliveryLedger = {
  async insertMany(db, rows) {
    if (rows.length === 0) return 0;
    const records = rows.map((row) => ({
      id: row.id,
      campaign_id: row.campaignId,
      slot: row.slot,
      recipient_type: row.recipientType,
      recipient_id: row.recipientId,
      channel: row.channel,
      status: row.status,
      error: row.error,
      message_id: row.messageId,
      conversation_id: row.conversationId,
      claim_token: row.claimToken,
      claimed_until: row.claimedUntil,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    }));
    return db.run(insertMany, { rows: JSON.stringify(records) });
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
