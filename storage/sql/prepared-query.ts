import type { Compilable, RawBuilder } from 'kysely';
import type { QueryBuilder, SqlDialect } from './dialect.js';

/** A named value filled in at each run (`slot('id')` where the query needs the id). */
class Slot {
  constructor(readonly name: string) {}
}

/** Query values by slot name. */
export type Params = Readonly<Record<string, unknown>>;

/**
 * The values of several parameter objects in one (later ones win). Not `{ ...a, ...b }`: V8 (Node 20)
 * spreads an object with dynamically named keys (a dictionary) through a slow path, ~20 µs for the
 * sixty values of a message and its conversation's activity, where Object.assign takes ~1 µs.
 */
export function mergeParams(...parts: Params[]): Record<string, unknown> {
  return Object.assign({}, ...parts);
}

/**
 * A query compiled once for one dialect: its text and, per placeholder, the slot to fill or the fixed
 * value the builder was given. Compiling costs ~20 µs; binding a prepared query costs a loop.
 */
export interface PreparedQuery {
  readonly sql: string;
  readonly dialect: SqlDialect;
  readonly slots: readonly (Slot | { value: unknown })[];
  /** A SELECT or a write with RETURNING. */
  readonly returnsRows: boolean;
  /**
   * May fail on a unique key: inserts by default, updates that may write a keyed column when said
   * (the CRUD patch). Inside a PostgreSQL unit such a write costs a savepoint (see the executors).
   */
  readonly mayConflict: boolean;
  /**
   * PostgreSQL plans it at each run, with the sizes of the tables then (an unnamed statement), instead
   * of keeping a plan per connection: for a statement over a list whose tables may grow by thousands of
   * rows between two analyses (a campaign's groups), where a kept plan made on a small table would
   * scan the grown one. Costs a plan per run (~0.5 ms): batch statements only.
   */
  readonly planEachRun?: boolean;
}

/** Stands for a value in a query being prepared; typed as anything the builder accepts. */
export type SlotFn = (name: string) => never;

const slot: SlotFn = (name) => new Slot(name) as never;

type Compiled = Omit<PreparedQuery, 'dialect'>;

/**
 * A query compiled on its first use. Every store builds all its repositories' queries (hundreds) at
 * start, before the server can listen, while a run uses a few of them at a time: compiling each
 * when first run keeps ~10-20 ms off every cold start.
 */
function compiledOnUse(dialect: SqlDialect, compile: () => Compiled): PreparedQuery {
  let compiled: Compiled | undefined;
  const get = () => {
    compiled ??= compile();
    return compiled;
  };
  return {
    dialect,
    get sql() {
      return get().sql;
    },
    get slots() {
      return get().slots;
    },
    get returnsRows() {
      return get().returnsRows;
    },
    get mayConflict() {
      return get().mayConflict;
    },
    get planEachRun() {
      return get().planEachRun;
    },
  };
}

export function prepare(
  dialect: SqlDialect,
  build: (db: QueryBuilder, slot: SlotFn) => Compilable,
  options: { mayConflict?: boolean } = {},
): PreparedQuery {
  return compiledOnUse(dialect, () => {
    const compiled = build(dialect.builder, slot).compile();
    const kind = compiled.query.kind;
    const returning = 'returning' in compiled.query && compiled.query.returning !== undefined;
    return {
      sql: compiled.sql,
      slots: compiled.parameters.map((value) => (value instanceof Slot ? value : { value })),
      returnsRows: kind === 'SelectQueryNode' || returning,
      mayConflict: options.mayConflict ?? kind === 'InsertQueryNode',
    };
  });
}

/**
 * A statement written as a `sql` template (fragments from the dialect, values as slots), for what the
 * builder does not say well; `returnsRows` and `mayConflict` are stated, not inferred.
 */
export function prepareRaw(
  dialect: SqlDialect,
  build: (slot: SlotFn, fragments: SqlDialect['fragments']) => RawBuilder<unknown>,
  options: { returnsRows: boolean; mayConflict?: boolean; planEachRun?: boolean },
): PreparedQuery {
  return compiledOnUse(dialect, () => {
    const compiled = build(slot, dialect.fragments).compile(dialect.builder);
    return {
      sql: compiled.sql,
      slots: compiled.parameters.map((value) => (value instanceof Slot ? value : { value })),
      returnsRows: options.returnsRows,
      mayConflict: options.mayConflict ?? false,
      ...(options.planEachRun ? { planEachRun: true } : {}),
    };
  });
}

/** The positional values of `query` for `params`; a missing slot is a bug, not a NULL. */
export function bind(query: PreparedQuery, params: Params | readonly unknown[]): unknown[] {
  // Positional values (bulk paths): the caller orders them as the placeholders.
  if (Array.isArray(params)) return params as unknown[];
  const slots = query.slots; // a getter (compiledOnUse): read once
  const values: unknown[] = new Array(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const entry = slots[i]!;
    if (entry instanceof Slot) {
      const value = (params as Params)[entry.name];
      if (value === undefined) throw new Error(`query parameter "${entry.name}" is missing: ${query.sql}`);
      values[i] = value;
    } else {
      values[i] = entry.value;
    }
  }
  return values;
}

/**
 * Memoises what `make` builds per dialect (and per key object): shared repositories compile their
 * queries once per process, however many stores or transactions construct them.
 */
export function perDialect<K extends object, V>(make: (dialect: SqlDialect, key: K) => V) {
  const cache = new WeakMap<K, Map<SqlDialect, V>>();
  return (dialect: SqlDialect, key: K): V => {
    let byDialect = cache.get(key);
    if (!byDialect) {
      byDialect = new Map();
      cache.set(key, byDialect);
    }
    let value = byDialect.get(dialect);
    if (value === undefined) {
      value = make(dialect, key);
      byDialect.set(dialect, value);
    }
    return value;
  };
}
