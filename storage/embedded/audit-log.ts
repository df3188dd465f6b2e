import type { Statement } from 'better-sqlite3';
import type { AuditEntry } from '../../core/types.js';
import type { AuditLogRepository, Page, PageQuery } from '../types.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type RowsStatement } from './entity-table.js';
import { pageBounds } from './paging.js';

export class SqliteAuditLogRepository implements AuditLogRepository {
  readonly #table: EntityTable<AuditEntry>;
  readonly #list: RowsStatement<[number, number]>;
  readonly #count: Statement<[]>;

  constructor(db: SqliteDatabase) {
    this.#table = new EntityTable<AuditEntry>(db, {
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
    });
    this.#list = this.#table.select('ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?');
    this.#count = db.prepare('SELECT count(*) FROM audit_log').pluck();
  }

  async append(entry: AuditEntry): Promise<void> {
    this.#table.insert(entry);
  }

  /** Newest first. */
  async list(query: PageQuery): Promise<Page<AuditEntry>> {
    const { limit, offset } = pageBounds(query);
    return {
      items: this.#table.fromRows(this.#list.all(limit, offset)),
      total: this.#count.get() as number,
    };
  }
}
