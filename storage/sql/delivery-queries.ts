import { sql } from 'kysely';
import type { Delivery } from '../../core/types.js';
import { queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import { perDialect, prepareRaw } from './prepared-query.js';

export const DELIVERIES: EntitySpec<Delivery> = {
  table: 'campaign_deliveries',
  columns: {
    id: ['id'],
    campaignId: ['campaign_id'],
    slot: ['slot'],
    recipientType: ['recipient_type'],
    recipientId: ['recipient_id'],
    channel: ['channel'],
    status: ['status'],
    error: ['error', 'json'],
    messageId: ['message_id'],
    conversationId: ['conversation_id'],
    claimToken: ['claim_token'],
    claimedUntil: ['claimed_until'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
};

/** The status the coach sees: a sent row follows its message (delivered, read, failed). */
const SHOWN_STATUS = sql`CASE WHEN d.status = 'sent' THEN CASE m.status
  WHEN 'delivered' THEN 'delivered' WHEN 'read' THEN 'read' WHEN 'failed' THEN 'failed' ELSE 'sent' END
  ELSE d.status END`;
/** A failed message's provider error wins over the row's own (none, for a sent row). */
const SHOWN_ERROR = sql`CASE WHEN d.status = 'sent' AND m.status = 'failed' THEN m.error ELSE d.error END`;
const VIEW_FROM = sql`FROM campaign_deliveries d LEFT JOIN messages m ON m.id = d.message_id`;

export const deliveryQueries = perDialect((dialect, spec: EntitySpec<Delivery>) => {
  const q = queriesOf(dialect, spec);
  const columns = sql.raw(q.columns.join(', '));
  const rows = (build: Parameters<typeof prepareRaw>[1]) => prepareRaw(dialect, build, { returnsRows: true });
  const write = (build: Parameters<typeof prepareRaw>[1]) =>
    prepareRaw(dialect, build, { returnsRows: false });
  const f = dialect.fragments;
  const viewFilter = (slot: (name: string) => never) =>
    sql`WHERE d.campaign_id = ${slot('campaign')} AND (${f.text(slot('status'))} IS NULL OR ${SHOWN_STATUS} = ${slot('status')})`;
  return {
    byMessage: q.select((query, slot) => query.where('message_id', '=', slot('message'))),
    // One statement selects and marks, so two senders can never hold the same row.
    claim: rows(
      (
        slot,
      ) => sql`UPDATE campaign_deliveries SET claim_token = ${slot('token')}, claimed_until = ${slot('lease')}
        WHERE id IN (
          SELECT id FROM campaign_deliveries
          WHERE campaign_id = ${slot('campaign')} AND slot = ${slot('slot')} AND status = 'pending'
            AND (claimed_until IS NULL OR claimed_until < ${slot('now')})
          ORDER BY id LIMIT ${slot('limit')} ${f.skipLocked()})
        RETURNING ${columns}`,
    ),
    sent: write(
      (slot) => sql`UPDATE campaign_deliveries SET status = 'sent', message_id = ${slot('message')},
          conversation_id = ${slot('conversation')}, claim_token = NULL, claimed_until = NULL,
          updated_at = ${slot('now')}
        WHERE id = ${slot('id')} AND status = 'pending' AND claim_token = ${slot('token')}`,
    ),
    // Each row its own message and conversation, by id from two JSON objects; only the claim's rows.
    sentMany: rows(
      (slot, f) => sql`UPDATE campaign_deliveries SET status = 'sent',
          message_id = ${f.jsonField(slot('messages'), sql`campaign_deliveries.id`)},
          conversation_id = ${f.jsonField(slot('conversations'), sql`campaign_deliveries.id`)},
          claim_token = NULL, claimed_until = NULL, updated_at = ${slot('now')}
        WHERE ${f.inList(sql.ref('id'), slot('ids'))} AND status = 'pending' AND claim_token = ${slot('token')}
        RETURNING id`,
    ),
    failed: write(
      (slot) => sql`UPDATE campaign_deliveries SET status = ${slot('status')}, error = ${slot('error')},
          claim_token = NULL, claimed_until = NULL, updated_at = ${slot('now')}
        WHERE id = ${slot('id')} AND status = 'pending' AND claim_token = ${slot('token')}`,
    ),
    release: write(
      (slot) => sql`UPDATE campaign_deliveries SET claim_token = NULL, claimed_until = NULL
        WHERE claim_token = ${slot('token')} AND status = 'pending'`,
    ),
    skipPending: write(
      (slot) => sql`UPDATE campaign_deliveries SET status = 'skipped', error = ${slot('error')},
          claim_token = NULL, claimed_until = NULL, updated_at = ${slot('now')}
        WHERE campaign_id = ${slot('campaign')} AND status = 'pending'`,
    ),
    pending: rows(
      (slot) => sql`SELECT count(*), min(claimed_until) FROM campaign_deliveries
        WHERE campaign_id = ${slot('campaign')} AND slot = ${slot('slot')} AND status = 'pending'`,
    ),
    counts: rows(
      (slot) =>
        sql`SELECT ${SHOWN_STATUS} AS shown, count(*) ${VIEW_FROM} WHERE d.campaign_id = ${slot('campaign')}
          GROUP BY shown`,
    ),
    page: rows(
      (slot) => sql`SELECT d.id, d.campaign_id, d.slot, d.recipient_type, d.recipient_id, d.channel,
          ${SHOWN_STATUS}, ${SHOWN_ERROR}, d.message_id, d.conversation_id, d.updated_at
        ${VIEW_FROM} ${viewFilter(slot)}
        ORDER BY d.slot, d.recipient_id, d.channel LIMIT ${slot('limit')} OFFSET ${slot('offset')}`,
    ),
    count: rows((slot) => sql`SELECT count(*) ${VIEW_FROM} ${viewFilter(slot)}`),
    contactIds: rows(
      (slot) => sql`SELECT id FROM contacts WHERE id > ${slot('after')}
          AND (${f.text(slot('tag'))} IS NULL OR ${f.jsonArrayHas(sql.ref('contacts.tags'), slot('tag'))})
        ORDER BY id LIMIT ${slot('limit')}`,
    ),
    // By the contact index: the primary key (channel, external_id) would scan every identity of the
    // channel. SQLite keeps the channel from the index choice. PostgreSQL looks up each contact's
    // first identity (LATERAL … LIMIT 1, what the repository keeps of them), planned at each run: a
    // plan made once without statistics (contacts imported a moment before the campaign) went by
    // the channel and read all 20,000 identities per group.
    identitiesOn:
      dialect.name === 'postgres'
        ? prepareRaw(
            dialect,
            (slot) => sql`SELECT i.contact_id, i.external_id
              FROM jsonb_array_elements_text(CAST(${slot('contacts')} AS jsonb)) AS l(contact_id)
              CROSS JOIN LATERAL (SELECT contact_id, external_id FROM channel_identities
                WHERE contact_id = l.contact_id AND (channel || '') = ${slot('channel')}
                ORDER BY created_at LIMIT 1) i`,
            { returnsRows: true, planEachRun: true },
          )
        : rows(
            (slot) => sql`SELECT contact_id, external_id FROM channel_identities
              WHERE ${f.noIndex(sql.ref('channel'))} = ${slot('channel')} AND contact_id IN ${f.jsonList(slot('contacts'))}
              ORDER BY created_at`,
          ),
  };
});
