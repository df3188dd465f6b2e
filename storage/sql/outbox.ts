import { sql } from 'kysely';
import type { ErrorInfo, OutboxEntry, OutboxStatus } from '../../core/types.js';
import type { OutboxRepository, SentEntry } from '../types.js';
import type { SqlDialect } from './dialect.js';
import { queriesOf } from './crud.js';
import { type BulkTable, insertRows } from './bulk-insert.js';
import type { EntitySpec } from './entity-map.js';
import { NO_PARAMS, type SqlExecutor } from './executor.js';
import { perDialect, prepareRaw, type SlotFn } from './prepared-query.js';

export const OUTBOX: EntitySpec<OutboxEntry> = {
  table: 'outbox',
  columns: {
    id: ['id'],
    messageId: ['message_id'],
    conversationId: ['conversation_id'],
    channel: ['channel'],
    recipient: ['recipient'],
    status: ['status'],
    attempts: ['attempts'],
    nextAttemptAt: ['next_attempt_at'],
    leaseUntil: ['lease_until'],
    claimedBy: ['claimed_by'],
    lastError: ['last_error', 'json'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
};

function byDueTime(a: OutboxEntry, b: OutboxEntry): number {
  if (a.nextAttemptAt !== b.nextAttemptAt) return a.nextAttemptAt < b.nextAttemptAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The outbox in bulk, one description per dialect: the bulk statements are compiled (and prepared on
 * PostgreSQL) per description, so it must not be made anew per call.
 */
const outboxTable = perDialect(
  (dialect: SqlDialect, spec: EntitySpec<OutboxEntry>): BulkTable => ({
    table: spec.table,
    columns: queriesOf(dialect, spec).columns,
    onConflict: 'fail',
  }),
);

const entriesSent = (dialect: SqlDialect, slot: SlotFn) =>
  sql`UPDATE outbox SET status = 'sent', lease_until = NULL, claimed_by = NULL,
    updated_at = ${slot('now')} WHERE ${dialect.fragments.inList(sql.ref('id'), slot('ids'))}`;

/** Status sent, error cleared, the provider's id when given (else the stored one kept); the ids written. */
const messagesSent = (dialect: SqlDialect, slot: SlotFn) =>
  sql`UPDATE messages SET status = 'sent', error = NULL,
    external_id = coalesce(${dialect.fragments.jsonField(slot('externalIds'), sql`messages.id`)}, external_id)
    WHERE ${dialect.fragments.inList(sql.ref('id'), slot('messageIds'))} RETURNING id`;

export const outboxQueries = perDialect((dialect, spec: EntitySpec<OutboxEntry>) => {
  const columns = sql.raw(queriesOf(dialect, spec).columns.join(', '));
  const write = (build: Parameters<typeof prepareRaw>[1]) =>
    prepareRaw(dialect, build, { returnsRows: false });
  return {
    // Its id is new and nothing in a unit goes on after a failed enqueue: a conflict fails the unit, so
    // no savepoint around it (two round trips less per message on PostgreSQL).
    insert: { ...queriesOf(dialect, spec).insert, mayConflict: false },
    // One statement selects and marks, so two claimers can never take the same entry; on PostgreSQL
    // a claimer skips the rows another is claiming instead of waiting for them.
    claim: prepareRaw(
      dialect,
      (slot, f) => sql`UPDATE outbox SET status = 'sending', lease_until = ${slot('lease')},
          claimed_by = ${slot('claimer')}, attempts = attempts + 1, updated_at = ${slot('now')}
        WHERE id IN (
          SELECT id FROM outbox
          WHERE (status = 'pending' AND next_attempt_at <= ${slot('now')})
            OR (status = 'sending' AND lease_until < ${slot('now')})
          ORDER BY next_attempt_at, id LIMIT ${slot('limit')} ${f.skipLocked()})
        RETURNING ${columns}`,
      { returnsRows: true },
    ),
    renew: write(
      (slot) => sql`UPDATE outbox SET lease_until = ${slot('lease')}
        WHERE id = ${slot('id')} AND status = 'sending' AND claimed_by = ${slot('claimer')}`,
    ),
    sent: write((slot) => entriesSent(dialect, slot)),
    messagesSent: prepareRaw(dialect, (slot) => messagesSent(dialect, slot), { returnsRows: true }),
    // Both in one statement where the dialect allows it (the UPDATE of the entries runs whether or
    // not the outer statement reads it): one round trip, atomic by itself, no unit around it.
    bothSent: dialect.writableCte
      ? prepareRaw(
          dialect,
          (slot) => sql`WITH entries AS (${entriesSent(dialect, slot)}) ${messagesSent(dialect, slot)}`,
          { returnsRows: true },
        )
      : null,
    reschedule: write(
      (
        slot,
      ) => sql`UPDATE outbox SET status = 'pending', next_attempt_at = ${slot('next')}, lease_until = NULL,
        claimed_by = NULL, last_error = ${slot('error')}, updated_at = ${slot('now')}
        WHERE id = ${slot('id')} AND status = 'sending' AND claimed_by = ${slot('claimer')}`,
    ),
    failed: write(
      (slot) => sql`UPDATE outbox SET status = 'failed', lease_until = NULL, claimed_by = NULL,
        last_error = ${slot('error')}, updated_at = ${slot('now')}
        WHERE id = ${slot('id')} AND status = 'sending' AND claimed_by = ${slot('claimer')}`,
    ),
    counts: prepareRaw(dialect, () => sql`SELECT status, count(*) FROM outbox GROUP BY status`, {
      returnsRows: true,
    }),
    purge: write(
      (slot) => sql`DELETE FROM outbox WHERE status IN ('sent', 'failed') AND updated_at < ${slot('before')}`,
    ),
  };
});

export class SqlOutboxRepository implements OutboxRepository {
  readonly #table;
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#table = queriesOf(db.dialect, OUTBOX);
    this.#q = outboxQueries(db.dialect, OUTBOX);
  }

  async enqueue(entry: OutboxEntry): Promise<void> {
    await this.db.run(this.#q.insert, this.#table.params(entry));
  }

  async enqueueMany(entries: readonly OutboxEntry[]): Promise<void> {
    const rows = entries.map((entry) => this.#table.params(entry));
    // All or none, also outside a unit.
    await this.db.atomic((db) => insertRows(db, outboxTable(db.dialect, OUTBOX), rows));
  }

  async get(id: string): Promise<OutboxEntry | null> {
    return this.#table.decoder.first(await this.db.rows(this.#table.byId, { id }));
  }

  /** Claimed entries in due order (next attempt time, then id). */
  async claimDue(now: string, leaseUntil: string, limit: number, claimer: string): Promise<OutboxEntry[]> {
    const rows = await this.db.rows(this.#q.claim, { now, lease: leaseUntil, limit, claimer });
    // RETURNING gives no order guarantee.
    return this.#table.decoder.all(rows).sort(byDueTime);
  }

  async renew(id: string, claimer: string, leaseUntil: string): Promise<boolean> {
    return (await this.db.run(this.#q.renew, { id, claimer, lease: leaseUntil })) === 1;
  }

  async markSent(sent: readonly SentEntry[], now: string): Promise<string[]> {
    if (sent.length === 0) return [];
    const externalIds = Object.fromEntries(
      sent
        .filter((entry) => entry.externalId !== undefined)
        .map((entry) => [entry.messageId, entry.externalId]),
    );
    const params = {
      ids: this.db.dialect.encodeList(sent.map((entry) => entry.id)),
      messageIds: this.db.dialect.encodeList(sent.map((entry) => entry.messageId)),
      externalIds: JSON.stringify(externalIds),
      now,
    };
    const written = this.#q.bothSent
      ? await this.db.rows(this.#q.bothSent, params)
      : await this.db.atomic(async (unit) => {
          await unit.run(this.#q.sent, params);
          return unit.rows(this.#q.messagesSent, params);
        });
    return written.map((row) => row[0] as string);
  }

  async reschedule(
    id: string,
    nextAttemptAt: string,
    error: ErrorInfo,
    now: string,
    claimer: string,
  ): Promise<boolean> {
    const params = { id, next: nextAttemptAt, error: this.#json(error), now, claimer };
    return (await this.db.run(this.#q.reschedule, params)) === 1;
  }

  async markFailed(id: string, error: ErrorInfo, now: string, claimer: string): Promise<boolean> {
    return (await this.db.run(this.#q.failed, { id, error: this.#json(error), now, claimer })) === 1;
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const [status, count] of await this.db.rows(this.#q.counts, NO_PARAMS))
      counts[status as OutboxStatus] = Number(count);
    return counts;
  }

  purgeDone(before: string): Promise<number> {
    return this.db.run(this.#q.purge, { before });
  }

  #json(value: unknown): unknown {
    return this.db.dialect.encodeJson(value);
  }
}
