import type { Statement } from 'better-sqlite3';
import type { CrudRepository } from '../types.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type TableSpec } from './entity-table.js';

export type Timestamped = { id: string; createdAt: string; updatedAt: string };

/** Create/read/update/delete on one table; `list()` returns rows in creation (id) order. */
export class SqliteCrudRepository<T extends Timestamped> implements CrudRepository<T> {
  protected readonly table: EntityTable<T>;
  readonly #list: Statement<[]>;

  constructor(
    db: SqliteDatabase,
    spec: TableSpec<T>,
    protected readonly now: () => Date,
  ) {
    this.table = new EntityTable(db, spec);
    this.#list = db.prepare(`SELECT * FROM ${spec.table} ORDER BY id`);
  }

  async create(entity: T): Promise<T> {
    return this.table.insert(entity);
  }

  async get(id: string): Promise<T | null> {
    return this.table.find(id);
  }

  async list(): Promise<T[]> {
    return this.table.fromRows(this.#list.all());
  }

  async update(id: string, patch: Partial<Omit<T, 'id' | 'createdAt'>>): Promise<T | null> {
    return this.table.patch(id, patch, this.now().toISOString());
  }

  async delete(id: string): Promise<boolean> {
    return this.table.remove(id);
  }

  /** The first row of a lookup statement, as an entity. */
  protected one(statement: Statement<[string]>, key: string): T | null {
    const row = statement.get(key);
    return row ? this.table.fromRow(row as Record<string, unknown>) : null;
  }
}
