import type { SqlDialect } from './dialect.js';

/** How a field is stored: as is, as a boolean, or as JSON (null stays SQL NULL). */
export type Codec = 'plain' | 'bool' | 'json';

/** Every field of T with its column: the compiler flags a field added to T but not stored. */
export type ColumnMap<T> = { readonly [K in keyof T]-?: readonly [column: string, codec?: Codec] };

/** Columns computed from some fields of the entity (lowercased keys). */
export interface Derived<T> {
  readonly from: readonly (keyof T & string)[];
  derive(entity: T): unknown;
}

/** One entity type on one table, keyed by `id`. A module constant: queries are cached per spec. */
export interface EntitySpec<T> {
  readonly table: string;
  readonly columns: ColumnMap<T>;
  readonly derived?: Readonly<Record<string, Derived<T>>>;
}

export interface Field {
  readonly name: string;
  readonly column: string;
  readonly codec: Codec;
}

export function fieldsOf<T>(spec: EntitySpec<T>): Field[] {
  return Object.entries(spec.columns as Record<string, readonly [string, Codec?]>).map(
    ([name, [column, codec]]) => ({ name, column, codec: codec ?? 'plain' }),
  );
}

export function encode(dialect: SqlDialect, value: unknown, codec: Codec): unknown {
  if (value === undefined || value === null) return null;
  if (codec === 'bool') return dialect.encodeBool(value as boolean);
  if (codec === 'json') return dialect.encodeJson(value);
  return value;
}

function decode(dialect: SqlDialect, value: unknown, codec: Codec): unknown {
  if (codec === 'bool') return dialect.decodeBool(value);
  if (codec === 'json') return value === null ? null : dialect.decodeJson(value);
  return value;
}

/** Decodes rows whose columns are the spec's fields, in `fieldsOf` order. */
export class RowDecoder<T> {
  readonly #fields: Field[];

  constructor(
    private readonly dialect: SqlDialect,
    spec: EntitySpec<T>,
  ) {
    this.#fields = fieldsOf(spec);
  }

  one(row: unknown[]): T {
    const entity: Record<string, unknown> = {};
    for (let i = 0; i < this.#fields.length; i++) {
      const field = this.#fields[i]!;
      entity[field.name] = decode(this.dialect, row[i], field.codec);
    }
    return entity as T;
  }

  first(rows: unknown[][]): T | null {
    const row = rows[0];
    return row ? this.one(row) : null;
  }

  all(rows: unknown[][]): T[] {
    return rows.map((row) => this.one(row));
  }
}
