import type { CrudRepository } from '../types.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type RowsStatement, type TableSpec } from './entity-table.js';

export type Timestamped = { id: string; createdAt: string; updatedAt: string };

/** Create/read/update/delete on one table; `list()` returns rows in creation (id) order. */
export class SqliteCrudRepository<T extends Timestamped> implements CrudRepository<T> {
  protected readonly table: EntityTable<T>;
  readonly #list: RowsStatement<[]>;

  constructor(
    db: SqliteDatabase,
    spec: TableSpec<T>,
    protected readonly now: () => Date,
  ) {
    this.table = new EntityTable(db, spec);
    this.#list = this.table.select('ORDER BY id');
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
}
