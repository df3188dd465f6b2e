import type { Statement } from 'better-sqlite3';
import { writing } from './conflicts.js';
import { allIn } from './in-list.js';
import type { SqliteDatabase } from './database.js';

/** How a field is stored: as is, as a 0/1 integer, or as JSON text (null stays SQL NULL). */
export type Codec = 'plain' | 'bool' | 'json';

/** Every field of T with its column: the compiler flags a field added to T but not stored. */
export type ColumnMap<T> = { readonly [K in keyof T]-?: readonly [column: string, codec?: Codec] };

export interface TableSpec<T> {
  table: string;
  columns: ColumnMap<T>;
  /** Columns computed from the entity (lowercased keys, search text). */
  derived?: Record<string, (entity: T) => string>;
}

export type Row = Record<string, unknown>;

/** A query returning rows as arrays (better-sqlite3 raw mode): cheaper than one object per row. */
export type RowsStatement<P extends unknown[] = unknown[]> = Statement<P, unknown[]>;

interface Field {
  name: string;
  column: string;
  codec: Codec;
}

function encode(value: unknown, codec: Codec): unknown {
  if (value === undefined || value === null) return null;
  if (codec === 'bool') return value ? 1 : 0;
  if (codec === 'json') return JSON.stringify(value);
  return value;
}

function decode(value: unknown, codec: Codec): unknown {
  if (codec === 'bool') return value === 1;
  if (codec === 'json') return value === null ? null : JSON.parse(value as string);
  return value;
}

/**
 * Maps one entity type to one table (by `id`) and holds its prepared statements, so repositories
 * prepare once and convert rows the same way everywhere.
 */
export class EntityTable<T extends { id: string }> {
  readonly name: string;
  readonly #fields: Field[];
  readonly #derived: [string, (entity: T) => string][];
  /** The field columns, in the order `fromRow` reads them. */
  readonly columnList: string;
  readonly #insert: Statement<unknown[]>;
  readonly #byId: RowsStatement<[string]>;
  readonly #delete: Statement<[string]>;
  readonly #updates = new Map<string, RowsStatement<unknown[]> | Statement<unknown[]>>();
  readonly #selectIn = new Map<string, Statement<unknown[]>>();

  constructor(
    readonly db: SqliteDatabase,
    spec: TableSpec<T>,
  ) {
    this.name = spec.table;
    this.#fields = Object.entries(spec.columns).map(([name, [column, codec]]) => ({
      name,
      column,
      codec: codec ?? 'plain',
    }));
    this.#derived = Object.entries(spec.derived ?? {});
    this.columnList = this.#fields.map((field) => field.column).join(', ');
    const columns = [
      ...this.#fields.map((field) => field.column),
      ...this.#derived.map(([column]) => column),
    ];
    // Positional values: cheaper to bind than named ones (inserts are on the hot paths).
    const values = columns.map(() => '?').join(', ');
    this.#insert = db.prepare(`INSERT INTO ${this.name} (${columns.join(', ')}) VALUES (${values})`);
    this.#byId = this.select('WHERE id = ?');
    this.#delete = db.prepare(`DELETE FROM ${this.name} WHERE id = ?`);
  }

  /** Prepares `SELECT <every field column> FROM <table> <tail>`; its rows go to `fromRow`. */
  select<P extends unknown[] = unknown[]>(tail: string): RowsStatement<P> {
    return this.prepareRows(`SELECT ${this.columnList} FROM ${this.name} ${tail}`);
  }

  /**
   * The entities of `SELECT … <tail>` where `tail(marks)` holds `IN (marks)` for `values`, run in chunks
   * (SQLite binds a bounded number of parameters); `before` and `after` are the parameters around the
   * list. Statements are prepared once per tail and chunk size.
   */
  selectIn(
    tail: (marks: string) => string,
    before: unknown[],
    values: readonly string[],
    after: unknown[] = [],
  ): T[] {
    const sql = (marks: string) => `SELECT ${this.columnList} FROM ${this.name} ${tail(marks)}`;
    return this.fromRows(allIn(this.db, this.#selectIn, sql, before, values, after));
  }

  /** Prepares any statement yielding rows of `columnList` (a SELECT, or a write with RETURNING). */
  prepareRows<P extends unknown[] = unknown[]>(sql: string): RowsStatement<P> {
    return this.db.prepare(sql).raw(true) as unknown as RowsStatement<P>;
  }

  fromRow(row: unknown[]): T {
    const entity: Row = {};
    for (let i = 0; i < this.#fields.length; i++) {
      const field = this.#fields[i]!;
      entity[field.name] = decode(row[i], field.codec);
    }
    return entity as T;
  }

  fromRows(rows: unknown[][]): T[] {
    return rows.map((row) => this.fromRow(row));
  }

  /** The entity of the first row, or null when there is none. */
  first(row: unknown[] | undefined): T | null {
    return row ? this.fromRow(row) : null;
  }

  insert(entity: T): T {
    const params: unknown[] = [];
    const source = entity as Row;
    for (const field of this.#fields) params.push(encode(source[field.name], field.codec));
    for (const [, derive] of this.#derived) params.push(derive(entity));
    writing(() => this.#insert.run(params));
    return entity;
  }

  find(id: string): T | null {
    return this.first(this.#byId.get(id));
  }

  /**
   * Writes the defined fields of `patch` (never `id` or `createdAt`) and `updatedAt` (the patch's, else
   * the given time); returns the stored result, or null when the id is unknown. Only those columns are
   * written, so unchanged indexed columns cost no index update.
   */
  patch(id: string, patch: object, updatedAt: string): T | null {
    const update = this.#update(id, patch, updatedAt);
    if (!update) return null;
    return this.first(writing(() => this.#updateOf(update.fields, true).get(...update.params)));
  }

  /**
   * `patch` for a caller that already knows the entity (hot paths): nothing is read back, which
   * halves the cost of the statement. false when the id is unknown.
   */
  write(id: string, patch: object, updatedAt: string): boolean {
    const update = this.#update(id, patch, updatedAt);
    if (!update) return false;
    return writing(() => this.#updateOf(update.fields, false).run(...update.params)).changes > 0;
  }

  /** The fields the patch defines (never id or createdAt; updatedAt always), and their values, then id. */
  #update(id: string, patch: object, updatedAt: string): { fields: Field[]; params: unknown[] } | null {
    const source = patch as Row;
    const fields: Field[] = [];
    const params: unknown[] = [];
    for (const field of this.#fields) {
      if (field.name === 'id' || field.name === 'createdAt') continue;
      let value = source[field.name];
      if (value === undefined && field.name === 'updatedAt') value = updatedAt;
      if (value === undefined) continue;
      fields.push(field);
      params.push(encode(value, field.codec));
    }
    if (this.#derived.length > 0) {
      // Derived columns depend on the whole entity: merge with the stored one to compute them.
      const current = this.find(id);
      if (!current) return null;
      const next = { ...current } as Row;
      for (const field of fields)
        next[field.name] = source[field.name] === undefined ? updatedAt : source[field.name];
      for (const [, derive] of this.#derived) params.push(derive(next as T));
    }
    params.push(id);
    return { fields, params };
  }

  remove(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }

  /** The UPDATE of these fields (and every derived column), prepared once per set of fields. */
  #updateOf(fields: Field[], returning: true): RowsStatement<unknown[]>;
  #updateOf(fields: Field[], returning: false): Statement<unknown[]>;
  #updateOf(fields: Field[], returning: boolean): RowsStatement<unknown[]> | Statement<unknown[]> {
    let key = returning ? 'r' : 'w';
    for (const field of fields) key += `,${field.name}`;
    let statement = this.#updates.get(key);
    if (!statement) {
      const columns = [...fields.map((field) => field.column), ...this.#derived.map(([column]) => column)];
      const sets = columns.map((column) => `${column} = ?`).join(', ');
      const sql = `UPDATE ${this.name} SET ${sets} WHERE id = ?`;
      statement = returning
        ? this.prepareRows<unknown[]>(`${sql} RETURNING ${this.columnList}`)
        : (this.db.prepare(sql) as Statement<unknown[]>);
      this.#updates.set(key, statement);
    }
    return statement;
  }
}
