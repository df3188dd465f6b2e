import type { Repositories, Store } from '../types.js';
import type { SqlExecutor } from '../sql/executor.js';
import { createSharedRepositories } from '../sql/repositories.js';
import { PoolExecutor, runTransaction } from './executor.js';
import { postgresDeliveryLedger } from './delivery-ledger.js';
import { postgresMessageDedupe } from './message-dedupe.js';
import { migratePostgres } from './migrations.js';
import { openPool } from './pool.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** Pooled connections at most. */
  maxConnections?: number;
  /** The clock for `updatedAt` on updates that do not carry one, and for migration records. */
  now?: () => Date;
  /** Told of each connection the server ended (the pool reconnects); for the log. */
  onConnectionError?: (error: Error) => void;
}

/**
 * The scheduler's job store exists on the embedded store only: with PostgreSQL, Agenda runs on
 * @agendajs/postgres-backend (ARCHITECTURE.md, "Scheduler"), which keeps its own table. Every call
 * fails, naming that, so a wrong wiring is never mistaken for an empty job list.
 */
const embeddedOnlyJobs = new Proxy(
  {},
  {
    get(_target, method) {
      // Not a thenable: awaiting the repository itself must not call anything.
      if (method === 'then') return undefined;
      return () =>
        Promise.reject(
          new Error(`jobs.${String(method)}: with PostgreSQL the scheduler uses @agendajs/postgres-backend`),
        );
    },
  },
) as never;

/** Every repository on one executor: the shared ones, and the jobs placeholder. */
function repositoriesOn(executor: SqlExecutor, now: () => Date): Repositories {
  return {
    jobs: embeddedOnlyJobs,
    ...createSharedRepositories(executor, now, {
      search: null,
      dedupe: postgresMessageDedupe,
      ledger: postgresDeliveryLedger,
    }),
  };
}

/**
 * The store on PostgreSQL: a pool, the schema migrated at open (once across processes), every call
 * outside a unit on any pooled connection, each unit on one connection of its own.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const now = options.now ?? (() => new Date());
  const pool = openPool({
    url: options.url,
    max: options.maxConnections,
    onConnectionError: options.onConnectionError,
  });
  try {
    await migratePostgres(pool, now);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    kind: 'postgres',
    ...repositoriesOn(new PoolExecutor(pool), now),
    transaction: (work, options) =>
      runTransaction(
        pool,
        (executor) => work(repositoriesOn(executor, now)),
        options?.writesOnly || options?.locking ? 'read committed' : 'serializable',
        options?.locking === true,
      ),
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
