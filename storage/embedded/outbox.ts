import type { Statement } from 'better-sqlite3';
import type { ErrorInfo, OutboxEntry, OutboxStatus } from '../../core/types.js';
import type { OutboxRepository } from '../types.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type Row, type RowsStatement } from './entity-table.js';

type Failure = { id: string; error: string; now: string };

function byDueTime(a: OutboxEntry, b: OutboxEntry): number {
  if (a.nextAttemptAt !== b.nextAttemptAt) return a.nextAttemptAt < b.nextAttemptAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class SqliteOutboxRepository implements OutboxRepository {
  readonly #table: EntityTable<OutboxEntry>;
  readonly #claim: RowsStatement<[{ now: string; lease: string; limit: number }]>;
  readonly #sent: Statement<[{ id: string; now: string }]>;
  readonly #reschedule: Statement<[Failure & { next_attempt_at: string }]>;
  readonly #failed: Statement<[Failure]>;
  readonly #counts: Statement<[]>;
  readonly #purge: Statement<[string]>;
  readonly #recover: Statement<[{ before: string; now: string }]>;

  constructor(db: SqliteDatabase) {
    this.#table = new EntityTable<OutboxEntry>(db, {
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
    });
    // One statement selects and marks, so two claimers can never take the same entry.
    this.#claim = this.#table.prepareRows(
      `UPDATE outbox SET status = 'sending', lease_until = @lease, attempts = attempts + 1, updated_at = @now
       WHERE id IN (
         SELECT id FROM outbox
         WHERE (status = 'pending' AND next_attempt_at <= @now) OR (status = 'sending' AND lease_until < @now)
         ORDER BY next_attempt_at, id LIMIT @limit)
       RETURNING ${this.#table.columnList}`,
    );
    this.#sent = db.prepare(
      `UPDATE outbox SET status = 'sent', lease_until = NULL, updated_at = @now WHERE id = @id`,
    );
    this.#reschedule = db.prepare(
      `UPDATE outbox SET status = 'pending', next_attempt_at = @next_attempt_at, lease_until = NULL,
         last_error = @error, updated_at = @now WHERE id = @id`,
    );
    this.#failed = db.prepare(
      `UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = @error, updated_at = @now
       WHERE id = @id`,
    );
    this.#counts = db.prepare('SELECT status, count(*) AS count FROM outbox GROUP BY status');
    this.#purge = db.prepare(`DELETE FROM outbox WHERE status IN ('sent', 'failed') AND updated_at < ?`);
    // messages_queued holds only the outbound messages in flight; outbox_message answers NOT EXISTS.
    this.#recover = db.prepare(
      `INSERT INTO outbox (id, message_id, conversation_id, channel, recipient, status, attempts,
         next_attempt_at, lease_until, last_error, created_at, updated_at)
       SELECT m.id, m.id, m.conversation_id, m.channel, c.external_chat_id, 'pending', 1, @now, NULL, NULL,
         m.created_at, @now
       FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.status = 'queued' AND m.created_at < @before
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.id)`,
    );
  }

  async enqueue(entry: OutboxEntry): Promise<void> {
    this.#table.insert(entry);
  }

  async get(id: string): Promise<OutboxEntry | null> {
    return this.#table.find(id);
  }

  /** Claimed entries in due order (next attempt time, then id). */
  async claimDue(now: string, leaseUntil: string, limit: number): Promise<OutboxEntry[]> {
    const rows = this.#claim.all({ now, lease: leaseUntil, limit });
    // RETURNING gives no order guarantee.
    return this.#table.fromRows(rows).sort(byDueTime);
  }

  async markSent(id: string, now: string): Promise<void> {
    this.#sent.run({ id, now });
  }

  async reschedule(id: string, nextAttemptAt: string, error: ErrorInfo, now: string): Promise<void> {
    this.#reschedule.run({ id, next_attempt_at: nextAttemptAt, error: JSON.stringify(error), now });
  }

  async markFailed(id: string, error: ErrorInfo, now: string): Promise<void> {
    this.#failed.run({ id, error: JSON.stringify(error), now });
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const row of this.#counts.all() as Row[]) counts[row.status as OutboxStatus] = row.count as number;
    return counts;
  }

  async purgeDone(before: string): Promise<number> {
    return this.#purge.run(before).changes;
  }

  async recoverQueued(before: string, now: string): Promise<number> {
    return this.#recover.run({ before, now }).changes;
  }
}
