import type { CrudRepository } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { NO_PARAMS } from './executor.js';
import { type EntitySpec, encode, type Field, fieldsOf, RowDecoder } from './entity-map.js';
import type { Compilable, SelectQueryBuilder } from 'kysely';
import { type PreparedQuery, perDialect, prepare, type SlotFn } from './prepared-query.js';
import type { AnyTables, QueryBuilder, SqlDialect } from './dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: rows are decoded by the entity map, not typed by Kysely
type SelectAll = SelectQueryBuilder<AnyTables, string, any>;

export type Timestamped = { id: string; createdAt: string; updatedAt: string };

/** The queries of one entity table on one dialect, compiled once per process. */
export class TableQueries<T> {
  readonly fields: Field[];
  readonly columns: string[];
  readonly decoder: RowDecoder<T>;
  readonly insert: PreparedQuery;
  readonly byId: PreparedQuery;
  readonly list: PreparedQuery;
  readonly remove: PreparedQuery;
  readonly #updates = new Map<string, PreparedQuery>();
  readonly #writes = new Map<string, PreparedQuery>();

  constructor(
    readonly dialect: SqlDialect,
    readonly spec: EntitySpec<T>,
  ) {
    this.fields = fieldsOf(spec);
    this.columns = this.fields.map((field) => field.column);
    this.decoder = new RowDecoder(dialect, spec);
    const all = [...this.columns, ...Object.keys(spec.derived ?? {})];
    this.insert = prepare(dialect, (db, slot) =>
      db.insertInto(spec.table).values(Object.fromEntries(all.map((column) => [column, slot(column)]))),
    );
    this.byId = this.select((query, slot) => query.where('id', '=', slot('id')));
    this.list = this.select((query) => query.orderBy('id'));
    this.remove = prepare(dialect, (db, slot) => db.deleteFrom(spec.table).where('id', '=', slot('id')));
  }

  /** `SELECT <every field column> FROM <table>` refined by `refine`; its rows go to `decoder`. */
  select(refine: (query: SelectAll, slot: SlotFn) => Compilable): PreparedQuery {
    return prepare(this.dialect, (_db, slot) => refine(this.selectAll(), slot));
  }

  /** Any other query on this dialect (`mayConflict` as `prepare` decides it). */
  prepareWith(build: (db: QueryBuilder, slot: SlotFn) => Compilable): PreparedQuery {
    return prepare(this.dialect, build);
  }

  selectAll(): SelectAll {
    return this.dialect.builder.selectFrom(this.spec.table).select(this.columns);
  }

  /** `UPDATE … SET <columns> WHERE id RETURNING <fields>`, compiled once per set of columns. */
  update(columns: readonly string[]): PreparedQuery {
    const key = columns.join(',');
    let query = this.#updates.get(key);
    if (!query) {
      // A patch may write a column with a unique key (a code, an email).
      query = prepare(
        this.dialect,
        (db, slot) =>
          db
            .updateTable(this.spec.table)
            .set(Object.fromEntries(columns.map((column) => [column, slot(column)])))
            .where('id', '=', slot('id'))
            .returning(this.columns),
        { mayConflict: true },
      );
      this.#updates.set(key, query);
    }
    return query;
  }

  /** `update` without RETURNING, for callers that hold the entity already (hot paths). */
  write(columns: readonly string[]): PreparedQuery {
    const key = columns.join(',');
    let query = this.#writes.get(key);
    if (!query) {
      query = prepare(this.dialect, (db, slot) =>
        db
          .updateTable(this.spec.table)
          .set(Object.fromEntries(columns.map((column) => [column, slot(column)])))
          .where('id', '=', slot('id')),
      );
      this.#writes.set(key, query);
    }
    return query;
  }

  /** The entity's values by column (derived columns included). */
  params(entity: T): Record<string, unknown> {
    const source = entity as Record<string, unknown>;
    const params: Record<string, unknown> = {};
    for (const field of this.fields)
      params[field.column] = encode(this.dialect, source[field.name], field.codec);
    for (const [column, derived] of Object.entries(this.spec.derived ?? {}))
      params[column] = derived.derive(entity);
    return params;
  }
}

const tableQueries = perDialect(
  (dialect, spec: EntitySpec<unknown>) => new TableQueries<unknown>(dialect, spec),
);

export function queriesOf<T>(dialect: SqlDialect, spec: EntitySpec<T>): TableQueries<T> {
  return tableQueries(dialect, spec as EntitySpec<unknown>) as TableQueries<T>;
}

/**
 * Writes the defined fields of the patch (never id or createdAt) and updatedAt (the patch's, else
 * now); the stored result, or null for an unknown id. A derived column is written when its source
 * fields are: from the patch when it holds them all, else from the stored entity merged with the
 * patch, read in the same atomic unit.
 */
export async function patchEntity<T>(
  db: SqlExecutor,
  q: TableQueries<T>,
  id: string,
  patch: object,
  now: () => Date,
): Promise<T | null> {
  const source = { ...patch } as Record<string, unknown>;
  source.updatedAt ??= now().toISOString();
  const params: Record<string, unknown> = { id };
  const columns: string[] = [];
  for (const field of q.fields) {
    if (field.name === 'id' || field.name === 'createdAt' || source[field.name] === undefined) continue;
    columns.push(field.column);
    params[field.column] = encode(q.dialect, source[field.name], field.codec);
  }
  const derived = Object.entries(q.spec.derived ?? {}).filter(([, rule]) =>
    rule.from.some((name) => source[name] !== undefined),
  );
  const write = (entity: T) => {
    for (const [column, rule] of derived) {
      columns.push(column);
      params[column] = rule.derive(entity);
    }
    return q.update(columns);
  };
  if (derived.every(([, rule]) => rule.from.every((name) => source[name] !== undefined))) {
    return q.decoder.first(await db.rows(write(source as T), params));
  }
  return db.atomic(async (unit) => {
    const current = q.decoder.first(await unit.rows(q.byId, { id }));
    if (!current) return null;
    return q.decoder.first(await unit.rows(write({ ...current, ...source } as T), params));
  });
}

/** Create/read/update/delete on one table over any backend; `list()` is in creation (id) order. */
export class SqlCrudRepository<T extends Timestamped> implements CrudRepository<T> {
  protected readonly q: TableQueries<T>;

  constructor(
    protected readonly db: SqlExecutor,
    spec: EntitySpec<T>,
    protected readonly now: () => Date,
  ) {
    this.q = queriesOf(db.dialect, spec);
  }

  async create(entity: T): Promise<T> {
    await this.db.run(this.q.insert, this.q.params(entity));
    return entity;
  }

  async get(id: string): Promise<T | null> {
    return this.q.decoder.first(await this.db.rows(this.q.byId, { id }));
  }

  async list(): Promise<T[]> {
    return this.q.decoder.all(await this.db.rows(this.q.list, NO_PARAMS));
  }

  update(id: string, patch: Partial<Omit<T, 'id' | 'createdAt'>>): Promise<T | null> {
    return patchEntity(this.db, this.q, id, patch, this.now);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run(this.q.remove, { id })) > 0;
  }
}
