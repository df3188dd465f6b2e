import { sql } from 'kysely';
import type { ErrorInfo, OutboxEntry, OutboxStatus } from '../../core/types.js';
import type { OutboxRepository } from '../types.js';
import { queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import { NO_PARAMS, type SqlExecutor } from './executor.js';
import { perDialect, prepareRaw } from './prepared-query.js';

const OUTBOX: EntitySpec<OutboxEntry> = {
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
    lastError: ['last_error', 'json'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
};

function byDueTime(a: OutboxEntry, b: OutboxEntry): number {
  if (a.nextAttemptAt !== b.nextAttemptAt) return a.nextAttemptAt < b.nextAttemptAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const queries = perDialect((dialect, spec: EntitySpec<OutboxEntry>) => {
  const columns = sql.raw(queriesOf(dialect, spec).columns.join(', '));
  const write = (build: Parameters<typeof prepareRaw>[1]) =>
    prepareRaw(dialect, build, { returnsRows: false });
  return {
    // One statement selects and marks, so two claimers can never take the same entry; on PostgreSQL
    // a claimer skips the rows another is claiming instead of waiting for them.
    claim: prepareRaw(
      dialect,
      (slot, f) => sql`UPDATE outbox SET status = 'sending', lease_until = ${slot('lease')},
          attempts = attempts + 1, updated_at = ${slot('now')}
        WHERE id IN (
          SELECT id FROM outbox
          WHERE (status = 'pending' AND next_attempt_at <= ${slot('now')})
            OR (status = 'sending' AND lease_until < ${slot('now')})
          ORDER BY next_attempt_at, id LIMIT ${slot('limit')} ${f.skipLocked()})
        RETURNING ${columns}`,
      { returnsRows: true },
    ),
    sent: write(
      (slot) => sql`UPDATE outbox SET status = 'sent', lease_until = NULL, updated_at = ${slot('now')}
        WHERE id = ${slot('id')}`,
    ),
    reschedule: write(
      (
        slot,
      ) => sql`UPDATE outbox SET status = 'pending', next_attempt_at = ${slot('next')}, lease_until = NULL,
        last_error = ${slot('error')}, updated_at = ${slot('now')} WHERE id = ${slot('id')}`,
    ),
    failed: write(
      (slot) => sql`UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = ${slot('error')},
        updated_at = ${slot('now')} WHERE id = ${slot('id')}`,
    ),
    counts: prepareRaw(dialect, () => sql`SELECT status, count(*) FROM outbox GROUP BY status`, {
      returnsRows: true,
    }),
    purge: write(
      (slot) => sql`DELETE FROM outbox WHERE status IN ('sent', 'failed') AND updated_at < ${slot('before')}`,
    ),
    // messages_queued holds only the outbound messages in flight; outbox_message answers NOT EXISTS.
    // The entry's id is its message's: processes recovering at once insert it once.
    recover: write(
      (
        slot,
        f,
      ) => sql`INSERT INTO outbox (id, message_id, conversation_id, channel, recipient, status, attempts,
          next_attempt_at, lease_until, last_error, created_at, updated_at)
        SELECT m.id, m.id, m.conversation_id, m.channel, c.external_chat_id, 'pending', 1, ${f.text(slot('now'))},
          NULL, NULL, m.created_at, ${f.text(slot('now'))}
        FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.status = 'queued' AND m.created_at < ${slot('before')}
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.id)
        ON CONFLICT (id) DO NOTHING`,
    ),
  };
});

export class SqlOutboxRepository implements OutboxRepository {
  readonly #table;
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#table = queriesOf(db.dialect, OUTBOX);
    this.#q = queries(db.dialect, OUTBOX);
  }

  async enqueue(entry: OutboxEntry): Promise<void> {
    await this.db.run(this.#table.insert, this.#table.params(entry));
  }

  async get(id: string): Promise<OutboxEntry | null> {
    return this.#table.decoder.first(await this.db.rows(this.#table.byId, { id }));
  }

  /** Claimed entries in due order (next attempt time, then id). */
  async claimDue(now: string, leaseUntil: string, limit: number): Promise<OutboxEntry[]> {
    const rows = await this.db.rows(this.#q.claim, { now, lease: leaseUntil, limit });
    // RETURNING gives no order guarantee.
    return this.#table.decoder.all(rows).sort(byDueTime);
  }

  async markSent(id: string, now: string): Promise<void> {
    await this.db.run(this.#q.sent, { id, now });
  }

  async reschedule(id: string, nextAttemptAt: string, error: ErrorInfo, now: string): Promise<void> {
    await this.db.run(this.#q.reschedule, { id, next: nextAttemptAt, error: this.#json(error), now });
  }

  async markFailed(id: string, error: ErrorInfo, now: string): Promise<void> {
    await this.db.run(this.#q.failed, { id, error: this.#json(error), now });
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

  recoverQueued(before: string, now: string): Promise<number> {
    return this.db.run(this.#q.recover, { before, now });
  }

  #json(value: unknown): unknown {
    return this.db.dialect.encodeJson(value);
  }
}
