/** The delivery ledger on SQLite: one row per (campaign, slot, recipient, channel). */
import type { Statement } from 'better-sqlite3';
import type {
  ChannelName,
  Delivery,
  DeliveryCounts,
  DeliveryStatus,
  DeliveryView,
  ErrorInfo,
} from '../../core/types.js';
import type { DeliveryRepository, Page, PageQuery } from '../types.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type Row, type RowsStatement } from './entity-table.js';
import { allIn } from './in-list.js';
import { pageBounds } from './paging.js';

/** The status the coach sees: a sent row follows its message (delivered, read, failed). */
const SHOWN_STATUS = `CASE WHEN d.status = 'sent' THEN CASE m.status
  WHEN 'delivered' THEN 'delivered' WHEN 'read' THEN 'read' WHEN 'failed' THEN 'failed' ELSE 'sent' END
  ELSE d.status END`;
/** A failed message's provider error wins over the row's own (none, for a sent row). */
const SHOWN_ERROR = `CASE WHEN d.status = 'sent' AND m.status = 'failed' THEN m.error ELSE d.error END`;

const EMPTY_COUNTS = (): DeliveryCounts => ({
  pending: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  skipped: 0,
});

type ViewRow = [
  id: string,
  campaignId: string,
  slot: number,
  recipientType: string,
  recipientId: string,
  channel: string,
  status: string,
  error: string | null,
  messageId: string | null,
  conversationId: string | null,
  updatedAt: string,
];

function toView(row: ViewRow): DeliveryView {
  const [id, campaignId, slot, recipientType, recipientId, channel, status, error] = row;
  return {
    id,
    campaignId,
    slot,
    recipientType: recipientType as DeliveryView['recipientType'],
    recipientId,
    channel: channel as ChannelName,
    status: status as DeliveryStatus,
    error: error === null ? null : (JSON.parse(error) as ErrorInfo),
    messageId: row[8],
    conversationId: row[9],
    updatedAt: row[10],
  };
}

/** Rows per multi-row INSERT of ledger creation (14 parameters each, far below SQLite's limit). */
const INSERT_CHUNK = 100;
const ROW_MARKS = Array.from({ length: 14 }, () => '?').join(', ');

const ROW_VALUES = 14;

/** A ledger row's values, in the table's column order (`columnList`), from `at` in `params`. */
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

export class SqliteDeliveryRepository implements DeliveryRepository {
  readonly #table: EntityTable<Delivery>;
  readonly #insert: Statement<unknown[]>;
  readonly #insertChunk: Statement<unknown[]>;
  readonly #insertContactRows: Statement<[Row]>;
  readonly #byMessage: RowsStatement<[string]>;
  readonly #claim: RowsStatement<[Row]>;
  readonly #sent: Statement<[Row]>;
  readonly #failed: Statement<[Row]>;
  readonly #release: Statement<[Row]>;
  readonly #skipPending: Statement<[Row]>;
  readonly #pending: Statement<[string, number]>;
  readonly #counts: RowsStatement<[string]>;
  readonly #page: RowsStatement<[Row]>;
  readonly #count: Statement<[Row]>;
  readonly #identities = new Map<string, Statement<unknown[]>>();
  readonly #contactIds: Statement<[Row]>;
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#table = new EntityTable<Delivery>(db, {
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
    });
    // Positional and OR IGNORE: the bulk path of ledger creation (a known key writes nothing).
    // Rows go in chunks of INSERT_CHUNK per statement: one call into SQLite per chunk, not per row.
    const insertOf = (rows: number) =>
      db.prepare(
        `INSERT OR IGNORE INTO campaign_deliveries (${this.#table.columnList}) VALUES ${Array.from(
          { length: rows },
          () => `(${ROW_MARKS})`,
        ).join(', ')}`,
      );
    this.#insert = insertOf(1);
    this.#insertChunk = insertOf(INSERT_CHUNK);
    // The rows travel as one JSON array and the status is decided in SQL: no value bound per row,
    // no identity read back to JavaScript. `+channel` keeps the identity lookup on the contact index.
    this.#insertContactRows = db.prepare(
      `WITH row AS MATERIALIZED (
         SELECT value ->> 0 AS id, value ->> 1 AS contact,
           CASE WHEN value ->> 2 THEN 1
             WHEN EXISTS (SELECT 1 FROM channel_identities i
                          WHERE i.contact_id = value ->> 1 AND +i.channel = @channel) THEN 0
             ELSE 2 END AS kind
         FROM json_each(@rows))
       INSERT OR IGNORE INTO campaign_deliveries (${this.#table.columnList})
       SELECT id, @campaign, @slot, 'contact', contact, @channel,
         CASE kind WHEN 0 THEN 'pending' ELSE 'skipped' END,
         CASE kind WHEN 0 THEN NULL WHEN 1 THEN @opted_out ELSE @no_identity END,
         NULL, NULL, NULL, NULL, @now, @now
       FROM row`,
    );
    this.#byMessage = this.#table.select('WHERE message_id = ?');
    // One statement selects and marks, so two senders can never hold the same row.
    this.#claim = this.#table.prepareRows(
      `UPDATE campaign_deliveries SET claim_token = @token, claimed_until = @lease
       WHERE id IN (
         SELECT id FROM campaign_deliveries
         WHERE campaign_id = @campaign AND slot = @slot AND status = 'pending'
           AND (claimed_until IS NULL OR claimed_until < @now)
         ORDER BY id LIMIT @limit)
       RETURNING ${this.#table.columnList}`,
    );
    this.#sent = db.prepare(
      `UPDATE campaign_deliveries SET status = 'sent', message_id = @message, conversation_id = @conversation,
         claim_token = NULL, claimed_until = NULL, updated_at = @now
       WHERE id = @id AND status = 'pending' AND claim_token = @token`,
    );
    this.#failed = db.prepare(
      `UPDATE campaign_deliveries SET status = @status, error = @error,
         claim_token = NULL, claimed_until = NULL, updated_at = @now
       WHERE id = @id AND status = 'pending' AND claim_token = @token`,
    );
    this.#release = db.prepare(
      `UPDATE campaign_deliveries SET claim_token = NULL, claimed_until = NULL
       WHERE claim_token = @token AND status = 'pending'`,
    );
    this.#skipPending = db.prepare(
      `UPDATE campaign_deliveries SET status = 'skipped', error = @error, claim_token = NULL,
         claimed_until = NULL, updated_at = @now
       WHERE campaign_id = @campaign AND status = 'pending'`,
    );
    this.#pending = db.prepare(
      `SELECT count(*) AS pending, min(claimed_until) AS next_expiry FROM campaign_deliveries
       WHERE campaign_id = ? AND slot = ? AND status = 'pending'`,
    );
    const from = `FROM campaign_deliveries d LEFT JOIN messages m ON m.id = d.message_id`;
    this.#counts = db
      .prepare(`SELECT ${SHOWN_STATUS} AS shown, count(*) ${from} WHERE d.campaign_id = ? GROUP BY shown`)
      .raw(true) as unknown as RowsStatement<[string]>;
    const filter = `WHERE d.campaign_id = @campaign AND (@status IS NULL OR ${SHOWN_STATUS} = @status)`;
    this.#page = db
      .prepare(
        `SELECT d.id, d.campaign_id, d.slot, d.recipient_type, d.recipient_id, d.channel, ${SHOWN_STATUS},
           ${SHOWN_ERROR}, d.message_id, d.conversation_id, d.updated_at
         ${from} ${filter} ORDER BY d.slot, d.recipient_id, d.channel LIMIT @limit OFFSET @offset`,
      )
      .raw(true) as unknown as RowsStatement<[Row]>;
    this.#count = db.prepare(`SELECT count(*) ${from} ${filter}`).pluck();
    this.#contactIds = db
      .prepare(
        `SELECT id FROM contacts WHERE id > @after
           AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(contacts.tags) WHERE value = @tag))
         ORDER BY id LIMIT @limit`,
      )
      .pluck();
  }

  async contactIds(query: { tag?: string; afterId: string | null; limit: number }): Promise<string[]> {
    return this.#contactIds.all({
      after: query.afterId ?? '',
      tag: query.tag ?? null,
      limit: query.limit,
    }) as string[];
  }

  async insertMany(rows: Delivery[]): Promise<number> {
    let inserted = 0;
    let start = 0;
    // One array for every chunk: binding copies the values.
    const params: unknown[] = new Array(INSERT_CHUNK * ROW_VALUES);
    for (; start + INSERT_CHUNK <= rows.length; start += INSERT_CHUNK) {
      for (let i = 0; i < INSERT_CHUNK; i++) putRow(params, i * ROW_VALUES, rows[start + i]!);
      inserted += this.#insertChunk.run(params).changes;
    }
    const single: unknown[] = new Array(ROW_VALUES);
    for (; start < rows.length; start++) {
      putRow(single, 0, rows[start]!);
      inserted += this.#insert.run(single).changes;
    }
    return inserted;
  }

  async insertContactRows(
    slot: { campaignId: string; slot: number; channel: ChannelName; now: string },
    rows: [id: string, contactId: string, optedOut: boolean][],
    reasons: { optedOut: ErrorInfo; noIdentity: ErrorInfo },
  ): Promise<number> {
    if (rows.length === 0) return 0;
    return this.#insertContactRows.run({
      campaign: slot.campaignId,
      slot: slot.slot,
      channel: slot.channel,
      now: slot.now,
      opted_out: JSON.stringify(reasons.optedOut),
      no_identity: JSON.stringify(reasons.noIdentity),
      rows: JSON.stringify(rows),
    }).changes;
  }

  async get(id: string): Promise<Delivery | null> {
    return this.#table.find(id);
  }

  async getByMessage(messageId: string): Promise<Delivery | null> {
    return this.#table.first(this.#byMessage.get(messageId));
  }

  async claim(
    campaignId: string,
    slot: number,
    claim: { token: string; now: string; leaseUntil: string; limit: number },
  ): Promise<Delivery[]> {
    const rows = this.#claim.all({
      campaign: campaignId,
      slot,
      token: claim.token,
      now: claim.now,
      lease: claim.leaseUntil,
      limit: claim.limit,
    });
    // RETURNING gives no order guarantee.
    return this.#table.fromRows(rows).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async markSent(
    id: string,
    token: string,
    update: { messageId: string; conversationId: string; now: string },
  ): Promise<boolean> {
    const params = {
      id,
      token,
      message: update.messageId,
      conversation: update.conversationId,
      now: update.now,
    };
    return this.#sent.run(params).changes === 1;
  }

  async markFailed(
    id: string,
    token: string,
    update: { status: 'failed' | 'skipped'; error: ErrorInfo; now: string },
  ): Promise<boolean> {
    const params = { id, token, status: update.status, error: JSON.stringify(update.error), now: update.now };
    return this.#failed.run(params).changes === 1;
  }

  async release(token: string): Promise<number> {
    return this.#release.run({ token }).changes;
  }

  async skipPending(campaignId: string, error: ErrorInfo, now: string): Promise<number> {
    return this.#skipPending.run({ campaign: campaignId, error: JSON.stringify(error), now }).changes;
  }

  async pendingOf(campaignId: string, slot: number): Promise<{ pending: number; nextExpiry: string | null }> {
    const row = this.#pending.get(campaignId, slot) as { pending: number; next_expiry: string | null };
    return { pending: row.pending, nextExpiry: row.next_expiry };
  }

  async counts(campaignId: string): Promise<DeliveryCounts> {
    const counts = EMPTY_COUNTS();
    for (const [status, count] of this.#counts.all(campaignId) as [DeliveryStatus, number][]) {
      counts[status] += count;
    }
    return counts;
  }

  async list(
    campaignId: string,
    query: PageQuery & { status?: DeliveryStatus },
  ): Promise<Page<DeliveryView>> {
    const filter = { campaign: campaignId, status: query.status ?? null };
    const rows = this.#page.all({ ...filter, ...pageBounds(query) }) as unknown as ViewRow[];
    return { items: rows.map(toView), total: this.#count.get(filter) as number };
  }

  async identitiesOn(channel: ChannelName, contactIds: string[]): Promise<Map<string, string>> {
    // `+channel` keeps the planner on the contact index: the primary key (channel, external_id) would
    // scan every identity of the channel.
    const rows = allIn(
      this.#db,
      this.#identities,
      (marks) =>
        `SELECT contact_id, external_id FROM channel_identities
         WHERE +channel = ? AND contact_id IN (${marks}) ORDER BY created_at`,
      [channel],
      contactIds,
    ) as [string, string][];
    const out = new Map<string, string>();
    for (const [contactId, externalId] of rows) if (!out.has(contactId)) out.set(contactId, externalId);
    return out;
  }
}
