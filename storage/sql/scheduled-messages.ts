import { sql } from 'kysely';
import type { ScheduledMessage } from '../../core/inbox-types.js';
import type { ErrorInfo } from '../../core/types.js';
import type { ScheduledMessageRepository } from '../types.js';
import { queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import type { SqlExecutor } from './executor.js';
import { perDialect } from './prepared-query.js';

const SCHEDULED: EntitySpec<ScheduledMessage> = {
  table: 'scheduled_messages',
  columns: {
    id: ['id'],
    conversationId: ['conversation_id'],
    text: ['text'],
    sendAt: ['send_at'],
    status: ['status'],
    authorId: ['author_id'],
    authorName: ['author_name'],
    messageId: ['message_id'],
    error: ['error', 'json'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
};

const scheduledQueries = perDialect((dialect, spec: EntitySpec<ScheduledMessage>) => {
  const q = queriesOf(dialect, spec);
  const f = dialect.fragments;
  const where = (condition: unknown) => condition as never;
  return {
    forConversation: q.select((query, slot) =>
      query
        .where('conversation_id', '=', slot('conversation'))
        .where('status', 'in', ['scheduled', 'sending', 'failed'])
        .orderBy('send_at')
        .orderBy('id'),
    ),
    pending: q.select((query, slot) =>
      query
        .where(where(sql`status IN ('scheduled', 'sending')`))
        .orderBy('send_at')
        .orderBy('id')
        .limit(slot('limit')),
    ),
    // The compare-and-set that decides who sends it (and that a cancelled one is never sent).
    claim: q.prepareWith((db, slot) =>
      db
        .updateTable(spec.table)
        .set({ status: 'sending', updated_at: slot('now') })
        .where('id', '=', slot('id'))
        .where((eb) =>
          eb.or([
            eb('status', '=', 'scheduled'),
            eb.and([eb('status', '=', 'sending'), eb('updated_at', '<', slot('stale'))]),
          ]),
        )
        .returning(q.columns),
    ),
    cancel: q.prepareWith((db, slot) =>
      db
        .updateTable(spec.table)
        .set({ status: 'cancelled', updated_at: slot('now') })
        .where('id', '=', slot('id'))
        .where('status', '=', 'scheduled'),
    ),
    finish: q.prepareWith((db, slot) =>
      db
        .updateTable(spec.table)
        .set({
          status: slot('status'),
          message_id: slot('message'),
          error: where(f.json(slot('error'))),
          updated_at: slot('now'),
        })
        .where('id', '=', slot('id')),
    ),
  };
});

export class SqlScheduledMessageRepository implements ScheduledMessageRepository {
  readonly #table;
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#table = queriesOf(db.dialect, SCHEDULED);
    this.#q = scheduledQueries(db.dialect, SCHEDULED);
  }

  async create(scheduled: ScheduledMessage): Promise<ScheduledMessage> {
    await this.db.run(this.#table.insert, this.#table.params(scheduled));
    return scheduled;
  }

  async get(id: string): Promise<ScheduledMessage | null> {
    return this.#table.decoder.first(await this.db.rows(this.#table.byId, { id }));
  }

  async listForConversation(conversationId: string): Promise<ScheduledMessage[]> {
    return this.#table.decoder.all(
      await this.db.rows(this.#q.forConversation, { conversation: conversationId }),
    );
  }

  async listPending(limit: number): Promise<ScheduledMessage[]> {
    return this.#table.decoder.all(await this.db.rows(this.#q.pending, { limit }));
  }

  async claim(id: string, now: string, staleBefore: string): Promise<ScheduledMessage | null> {
    return this.#table.decoder.first(await this.db.rows(this.#q.claim, { id, now, stale: staleBefore }));
  }

  async cancel(id: string, now: string): Promise<boolean> {
    return (await this.db.run(this.#q.cancel, { id, now })) > 0;
  }

  async markSent(id: string, messageId: string, now: string): Promise<void> {
    await this.db.run(this.#q.finish, { id, status: 'sent', message: messageId, error: null, now });
  }

  async markFailed(id: string, error: ErrorInfo, now: string): Promise<void> {
    const encoded = this.db.dialect.encodeJson(error);
    await this.db.run(this.#q.finish, { id, status: 'failed', message: null, error: encoded, now });
  }
}
