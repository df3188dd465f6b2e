import type { AuditEntry } from '../../core/types.js';
import { sql } from 'kysely';
import type { AuditLogQuery, AuditLogRepository, Page } from '../types.js';
import { queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import type { SqlExecutor } from './executor.js';
import { pageParams } from './paging.js';
import { perDialect, prepare } from './prepared-query.js';

const AUDIT_LOG: EntitySpec<AuditEntry> = {
  table: 'audit_log',
  columns: {
    id: ['id'],
    userId: ['user_id'],
    action: ['action'],
    target: ['target'],
    details: ['details', 'json'],
    ip: ['ip'],
    createdAt: ['created_at'],
  },
};

const queries = perDialect((dialect, spec: EntitySpec<AuditEntry>) => {
  const f = dialect.fragments;
  // A NULL filter keeps every row. The area is compared as text (no LIKE: "%" and "_" are letters).
  const filtered = <Q extends { where: (expression: never) => Q }>(query: Q, slot: (name: string) => never) =>
    query.where(
      sql<boolean>`(${f.text(slot('userId'))} IS NULL OR user_id = ${slot('userId')})
        AND (${f.text(slot('area'))} IS NULL OR action = ${slot('area')}
          OR substr(action, 1, length(${f.text(slot('area'))}) + 1) = ${f.text(slot('area'))} || '.')
        AND (${f.text(slot('from'))} IS NULL OR created_at >= ${slot('from')})
        AND (${f.text(slot('to'))} IS NULL OR created_at < ${slot('to')})` as never,
    );
  return {
    page: queriesOf(dialect, spec).select((query, slot) =>
      filtered(query, slot)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(slot('limit'))
        .offset(slot('offset')),
    ),
    count: prepare(dialect, (db, slot) =>
      filtered(
        db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')),
        slot,
      ),
    ),
  };
});

export class SqlAuditLogRepository implements AuditLogRepository {
  readonly #table;
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#table = queriesOf(db.dialect, AUDIT_LOG);
    this.#q = queries(db.dialect, AUDIT_LOG);
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.db.run(this.#table.insert, this.#table.params(entry));
  }

  /** Newest first, filtered. */
  async list(query: AuditLogQuery): Promise<Page<AuditEntry>> {
    const filter = {
      userId: query.userId ?? null,
      area: query.area ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
    };
    // Both issued before either is awaited: on SQLite they run back to back, no unit between them.
    const [rows, [count]] = await Promise.all([
      this.db.rows(this.#q.page, { ...filter, ...pageParams(this.db.dialect, query) }),
      this.db.rows(this.#q.count, filter),
    ]);
    return { items: this.#table.decoder.all(rows), total: Number(count![0]) };
  }
}
