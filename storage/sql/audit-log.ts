import type { AuditEntry } from '../../core/types.js';
import type { AuditLogRepository, Page, PageQuery } from '../types.js';
import { queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import { NO_PARAMS, type SqlExecutor } from './executor.js';
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

const queries = perDialect((dialect, spec: EntitySpec<AuditEntry>) => ({
  page: queriesOf(dialect, spec).select((query, slot) =>
    query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(slot('limit')).offset(slot('offset')),
  ),
  count: prepare(dialect, (db) => db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n'))),
}));

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

  /** Newest first. */
  async list(query: PageQuery): Promise<Page<AuditEntry>> {
    // Both issued before either is awaited: on SQLite they run back to back, no unit between them.
    const [rows, [count]] = await Promise.all([
      this.db.rows(this.#q.page, pageParams(this.db.dialect, query)),
      this.db.rows(this.#q.count, NO_PARAMS),
    ]);
    return { items: this.#table.decoder.all(rows), total: Number(count![0]) };
  }
}
