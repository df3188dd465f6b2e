/** The delivery ledger: one row per (campaign, slot, recipient, channel). */
import type {
  ChannelName,
  Delivery,
  DeliveryCounts,
  DeliveryStatus,
  DeliveryView,
  ErrorInfo,
} from '../../core/types.js';
import type { DeliveryRepository, Page, PageQuery } from '../types.js';
import { queriesOf } from './crud.js';
import { DELIVERIES, deliveryQueries } from './delivery-queries.js';
import type { DeliveryLedger } from './delivery-ledger.js';
import type { SqlExecutor } from './executor.js';
import { pageParams } from './paging.js';

const EMPTY_COUNTS = (): DeliveryCounts => ({
  pending: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  skipped: 0,
});

export class SqlDeliveryRepository implements DeliveryRepository {
  readonly #table;
  readonly #q;

  constructor(
    private readonly db: SqlExecutor,
    private readonly ledger: DeliveryLedger,
  ) {
    this.#table = queriesOf(db.dialect, DELIVERIES);
    this.#q = deliveryQueries(db.dialect, DELIVERIES);
  }

  insertMany(rows: Delivery[]): Promise<number> {
    return this.ledger.insertMany(this.db, rows);
  }

  insertContactRows(
    slot: { campaignId: string; slot: number; channel: ChannelName; now: string },
    rows: [id: string, contactId: string, optedOut: boolean][],
    reasons: { optedOut: ErrorInfo; noIdentity: ErrorInfo },
  ): Promise<number> {
    return this.ledger.insertContactRows(this.db, slot, rows, reasons);
  }

  async contactIds(query: { tag?: string; afterId: string | null; limit: number }): Promise<string[]> {
    const params = { after: query.afterId ?? '', tag: query.tag ?? null, limit: query.limit };
    return (await this.db.rows(this.#q.contactIds, params)).map((row) => row[0] as string);
  }

  async get(id: string): Promise<Delivery | null> {
    return this.#table.decoder.first(await this.db.rows(this.#table.byId, { id }));
  }

  async getByMessage(messageId: string): Promise<Delivery | null> {
    return this.#table.decoder.first(await this.db.rows(this.#q.byMessage, { message: messageId }));
  }

  async claim(
    campaignId: string,
    slot: number,
    claim: { token: string; now: string; leaseUntil: string; limit: number },
  ): Promise<Delivery[]> {
    const { token, now, leaseUntil, limit } = claim;
    const rows = await this.db.rows(this.#q.claim, {
      campaign: campaignId,
      slot,
      token,
      now,
      lease: leaseUntil,
      limit,
    });
    // RETURNING gives no order guarantee.
    return this.#table.decoder.all(rows).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
    return (await this.db.run(this.#q.sent, params)) === 1;
  }

  async markSentMany(
    token: string,
    sent: readonly { id: string; messageId: string; conversationId: string }[],
    now: string,
  ): Promise<string[]> {
    if (sent.length === 0) return [];
    if (!this.db.dialect.roundTrips) {
      // In process: a prepared statement per row (no JSON to build and search).
      const written: string[] = [];
      for (const row of sent) if (await this.markSent(row.id, token, { ...row, now })) written.push(row.id);
      return written;
    }
    const params = {
      ids: this.db.dialect.encodeList(sent.map((row) => row.id)),
      messages: JSON.stringify(Object.fromEntries(sent.map((row) => [row.id, row.messageId]))),
      conversations: JSON.stringify(Object.fromEntries(sent.map((row) => [row.id, row.conversationId]))),
      token,
      now,
    };
    return (await this.db.rows(this.#q.sentMany, params)).map((row) => row[0] as string);
  }

  async markFailed(
    id: string,
    token: string,
    update: { status: 'failed' | 'skipped'; error: ErrorInfo; now: string },
  ): Promise<boolean> {
    const error = this.db.dialect.encodeJson(update.error);
    const params = { id, token, status: update.status, error, now: update.now };
    return (await this.db.run(this.#q.failed, params)) === 1;
  }

  release(token: string): Promise<number> {
    return this.db.run(this.#q.release, { token });
  }

  skipPending(campaignId: string, error: ErrorInfo, now: string): Promise<number> {
    return this.db.run(this.#q.skipPending, {
      campaign: campaignId,
      error: this.db.dialect.encodeJson(error),
      now,
    });
  }

  async pendingOf(campaignId: string, slot: number): Promise<{ pending: number; nextExpiry: string | null }> {
    const [row] = await this.db.rows(this.#q.pending, { campaign: campaignId, slot });
    return { pending: Number(row![0]), nextExpiry: (row![1] as string | null) ?? null };
  }

  async counts(campaignId: string): Promise<DeliveryCounts> {
    const counts = EMPTY_COUNTS();
    for (const [status, count] of await this.db.rows(this.#q.counts, { campaign: campaignId }))
      counts[status as DeliveryStatus] += Number(count);
    return counts;
  }

  async list(
    campaignId: string,
    query: PageQuery & { status?: DeliveryStatus },
  ): Promise<Page<DeliveryView>> {
    const filter = { campaign: campaignId, status: query.status ?? null };
    // Both issued before either is awaited: on SQLite they run back to back, no unit between them.
    const [rows, [count]] = await Promise.all([
      this.db.rows(this.#q.page, { ...filter, ...pageParams(this.db.dialect, query) }),
      this.db.rows(this.#q.count, filter),
    ]);
    return { items: rows.map((row) => this.#view(row)), total: Number(count![0]) };
  }

  async identitiesOn(channel: ChannelName, contactIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (contactIds.length === 0) return out;
    const rows = await this.db.rows(this.#q.identitiesOn, { channel, contacts: JSON.stringify(contactIds) });
    for (const [contactId, externalId] of rows)
      if (!out.has(contactId as string)) out.set(contactId as string, externalId as string);
    return out;
  }

  #view(row: unknown[]): DeliveryView {
    const [id, campaignId, slot, recipientType, recipientId, channel, status, error] = row;
    return {
      id: id as string,
      campaignId: campaignId as string,
      slot: Number(slot),
      recipientType: recipientType as DeliveryView['recipientType'],
      recipientId: recipientId as string,
      channel: channel as ChannelName,
      status: status as DeliveryStatus,
      error: error === null ? null : (this.db.dialect.decodeJson(error) as ErrorInfo),
      messageId: row[8] as string | null,
      conversationId: row[9] as string | null,
      updatedAt: row[10] as string,
    };
  }
}
