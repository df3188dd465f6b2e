import type { Statement } from 'better-sqlite3';
import { writing } from './conflicts.js';
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
  readonly #insert: Statement;
  readonly #select: Statement<[string]>;
  readonly #update: Statement;
  readonly #delete: Statement<[string]>;

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
    const columns = [
      ...this.#fields.map((field) => field.column),
      ...this.#derived.map(([column]) => column),
    ];
    const values = columns.map((column) => `@${column}`).join(', ');
    const sets = columns.filter((column) => column !== 'id').map((column) => `${column} = @${column}`);
    this.#insert = db.prepare(`INSERT INTO ${this.name} (${columns.join(', ')}) VALUES (${values})`);
    this.#select = db.prepare(`SELECT * FROM ${this.name} WHERE id = ?`);
    this.#update = db.prepare(`UPDATE ${this.name} SET ${sets.join(', ')} WHERE id = @id`);
    this.#delete = db.prepare(`DELETE FROM ${this.name} WHERE id = ?`);
  }

  /** Named parameters (`@column`) for every stored and derived column. */
  toParams(entity: T): Row {
    const params: Row = {};
    const source = entity as Row;
    for (const field of this.#fields) params[field.column] = encode(source[field.name], field.codec);
    for (const [column, derive] of this.#derived) params[column] = derive(entity);
    return params;
  }

  fromRow(row: Row): T {
    const entity: Row = {};
    for (const field of this.#fields) entity[field.name] = decode(row[field.column], field.codec);
    return entity as T;
  }

  fromRows(rows: unknown[]): T[] {
    return rows.map((row) => this.fromRow(row as Row));
  }

  insert(entity: T): T {
    writing(() => this.#insert.run(this.toParams(entity)));
    return entity;
  }

  find(id: string): T | null {
    const row = this.#select.get(id) as Row | undefined;
    return row ? this.fromRow(row) : null;
  }

  /** Merges `patch` into the stored entity and writes it back; null when the id is unknown. */
  patch(id: string, patch: object, updatedAt: string): T | null {
    const current = this.find(id);
    if (!current) return null;
    const next = applyPatch(current, patch, updatedAt);
    writing(() => this.#update.run(this.toParams(next)));
    return next;
  }

  remove(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }
}

/**
 * Copies the defined fields of `patch` that the entity has (never `id` or `createdAt`) over `current`;
 * `updatedAt` is the
 * patch's own when it has one, else the given time.
 */
export function applyPatch<T extends { id: string }>(current: T, patch: object, updatedAt: string): T {
  const next: Row = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined && key in next && key !== 'id' && key !== 'createdAt') next[key] = value;
  }
  if ('updatedAt' in current && (patch as { updatedAt?: unknown }).updatedAt === undefined) {
    next.updatedAt = updatedAt;
  }
  return next as T;
}
