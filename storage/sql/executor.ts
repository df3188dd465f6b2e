import type { SqlDialect } from './dialect.js';
import type { Params, PreparedQuery } from './prepared-query.js';

/** Values by slot name, or positional values in placeholder order (bulk paths). */
export type Values = Params | readonly unknown[];

/**
 * Runs prepared queries on one backend. Unique violations come out as ConflictError naming the field.
 * An executor is either outside any transaction (each call autocommits) or bound to one.
 */
export interface SqlExecutor {
  readonly dialect: SqlDialect;
  /** Rows as arrays, in the query's select (or returning) order. */
  rows(query: PreparedQuery, params?: Values): Promise<unknown[][]>;
  /** A write; how many rows it changed. */
  run(query: PreparedQuery, params?: Values): Promise<number>;
  /**
   * `work` as one atomic unit: a transaction of its own outside one, part of the current one inside.
   * For repository methods of several statements.
   */
  atomic<T>(work: (executor: SqlExecutor) => Promise<T>, options?: AtomicOptions): Promise<T>;
  /**
   * Each call is a statement of its own on any of several connections (PostgreSQL's pool, outside a
   * unit): a repository may then write concurrent callers' rows in one statement
   * (storage/sql/outbound-batch.ts). Absent: bound to one connection or one transaction.
   */
  readonly pooled?: boolean;
}

export interface AtomicOptions {
  /**
   * `read committed`: for a unit whose statements decide by conditional updates on rows they lock
   * (a session's places): on PostgreSQL a blocked update re-checks its condition on the row's latest
   * version instead of failing the unit for a retry, so many units contending for one row all finish.
   * Default serializable. Ignored inside a unit, and on SQLite (one writer).
   */
  isolation?: 'read committed';
}

export const NO_PARAMS: Params = Object.freeze({});
