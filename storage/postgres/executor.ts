import type pg from 'pg';
import { ConflictError } from '../../core/errors.js';
import { uniqueConflict } from '../sql/conflicts.js';
import type { AtomicOptions, SqlExecutor, Values } from '../sql/executor.js';
import { bind, type PreparedQuery } from '../sql/prepared-query.js';
import { postgresDialect } from './dialect.js';

/** Statement names per prepared query: each connection prepares a query once, on first use. */
const names = new WeakMap<PreparedQuery, string>();
let nextName = 0;

/**
 * How many statement names were given out in this process: one per query object, however many
 * connections prepare it. A number that grows with the work done means a query object made anew per
 * call or per unit, which each connection would prepare again and keep (tests watch it).
 */
export function statementNamesGiven(): number {
  return nextName;
}

function nameOf(query: PreparedQuery): string {
  let name = names.get(query);
  if (!name) {
    name = `kora_${(nextName++).toString(36)}`;
    names.set(query, name);
  }
  return name;
}

interface PgError {
  code?: string;
  table?: string;
  detail?: string;
}

/** A unique violation (23505) as ConflictError naming the field; other errors as they are. */
export function toConflict(error: unknown): unknown {
  const { code, table, detail } = (error ?? {}) as PgError;
  if (code !== '23505') return error;
  // "Key (code_key)=(spring24) already exists."
  const columns = /^Key \(([^)]*)\)=/.exec(detail ?? '')?.[1]?.split(', ') ?? [];
  return uniqueConflict(table ?? '', columns);
}

/** Serialization failure and deadlock: the unit is run again from the start. */
const RETRYABLE = new Set(['40001', '40P01']);
/**
 * Enough for dozens of units contending for one row on a loaded machine (20 joins claiming one number
 * at once exhausted 10 tries of a few milliseconds each): each try waits longer, exponentially up to
 * 200 ms, at random ("full jitter"), so the contenders spread out instead of colliding again.
 */
const MAX_TRIES = 25;

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 2 ** attempt)));

export type Isolation = 'read committed' | 'serializable';

async function query(target: pg.Pool | pg.PoolClient, prepared: PreparedQuery, params: Values) {
  try {
    return await target.query({
      // Unnamed: planned at this run, with the tables' sizes now (see PreparedQuery.planEachRun).
      ...(prepared.planEachRun ? {} : { name: nameOf(prepared) }),
      text: prepared.sql,
      values: bind(prepared, params),
      rowMode: 'array',
    });
  } catch (error) {
    throw toConflict(error);
  }
}

/** Each call on any pooled connection, committed on its own. */
export class PoolExecutor implements SqlExecutor {
  readonly dialect = postgresDialect;
  readonly pooled = true;

  constructor(readonly pool: pg.Pool) {}

  async rows(prepared: PreparedQuery, params: Values): Promise<unknown[][]> {
    return (await query(this.pool, prepared, params)).rows;
  }

  async run(prepared: PreparedQuery, params: Values): Promise<number> {
    return (await query(this.pool, prepared, params)).rowCount ?? 0;
  }

  atomic<T>(work: (executor: SqlExecutor) => Promise<T>, options?: AtomicOptions): Promise<T> {
    return runTransaction(this.pool, work, options?.isolation ?? 'serializable');
  }
}

/**
 * The calls of one transaction, on its connection. A write that may hit a unique key runs under a
 * savepoint: PostgreSQL aborts the whole transaction on an error, SQLite does not, and core may catch
 * a ConflictError and go on within the unit.
 */
export class TransactionExecutor implements SqlExecutor {
  readonly dialect = postgresDialect;

  constructor(private readonly client: pg.PoolClient) {}

  async rows(prepared: PreparedQuery, params: Values): Promise<unknown[][]> {
    return (await this.#guarded(prepared, params)).rows;
  }

  async run(prepared: PreparedQuery, params: Values): Promise<number> {
    return (await this.#guarded(prepared, params)).rowCount ?? 0;
  }

  atomic<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return work(this);
  }

  async #guarded(prepared: PreparedQuery, params: Values) {
    if (!prepared.mayConflict) return query(this.client, prepared, params);
    await this.client.query('SAVEPOINT kora_write');
    try {
      const result = await query(this.client, prepared, params);
      await this.client.query('RELEASE SAVEPOINT kora_write');
      return result;
    } catch (error) {
      await this.client.query('ROLLBACK TO SAVEPOINT kora_write');
      throw error;
    }
  }
}

/**
 * `work` in a transaction on one pooled connection, SERIALIZABLE: a unit that reads, decides and
 * writes (find-or-create, read-modify-write of a row, "is there another owner") is then correct
 * against units in other processes, as on SQLite's one writer; PostgreSQL aborts one of two units
 * that would not have run the same one after the other, and it is run again (at most MAX_TRIES
 * times, also after a deadlock). So `work` must leave side effects for after it returns.
 * `retryConflicts`: a unique conflict escaping `work` is a race lost too (a `locking` unit at READ
 * COMMITTED, where PostgreSQL reports it as such, not as a serialization failure).
 */
export async function runTransaction<T>(
  pool: pg.Pool,
  work: (executor: TransactionExecutor) => Promise<T>,
  isolation: Isolation = 'serializable',
  retryConflicts = false,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
      const result = await work(new TransactionExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const code = (error as PgError | null)?.code;
      const retryable =
        (code !== undefined && RETRYABLE.has(code)) || (retryConflicts && error instanceof ConflictError);
      if (attempt >= MAX_TRIES || !retryable) throw error;
    } finally {
      client.release();
    }
    await pause(attempt);
  }
}
