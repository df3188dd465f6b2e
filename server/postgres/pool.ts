/**
 * The PostgreSQL connection pool of the scale-out infrastructure (socket.io's adapter, Agenda), and
 * the check that the database answers before anything else starts. Only this folder and the
 * PostgreSQL store know `pg`.
 */
import pg from 'pg';
import type { Logger } from '../../core/logger.js';
import { StartError } from '../start-error.js';

/** A connection attempt that has not succeeded by then has failed (no hanging start). */
const CONNECT_TIMEOUT_MS = 5_000;

/** host:port/database of a DATABASE_URL, never its user or password (for messages and logs). */
export function describeDatabase(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

/**
 * A pool whose connection errors are logged, not thrown: `pg` emits `error` on an idle client whose
 * server went away, and on a checked-out one (the adapters' LISTEN clients), and an `error` event
 * nobody listens to would end the process. The adapters reconnect by themselves.
 */
export function createPostgresPool(url: string, logger: Logger, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  const report = (error: Error) =>
    logger.warn({ err: { message: error.message } }, 'PostgreSQL connection lost (reconnecting)');
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}

/** One query, so that an unreachable or refusing database stops the start with one clear line. */
export async function checkPostgres(pool: pg.Pool, url: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    const reason = error instanceof Error && error.message ? error.message : String(error);
    throw new StartError(
      `the PostgreSQL database ${describeDatabase(url)} (DATABASE_URL) cannot be reached: ${reason}. Check that the server runs and that DATABASE_URL's host, port, user and password are right.`,
    );
  }
}

/** Any key shared by every Kora process; it only has to differ from other advisory locks on the server. */
const SCHEMA_LOCK_KEY = 0x6b6f7261; // "kora"

/**
 * Runs `work` while holding a database-wide advisory lock: processes starting together create tables
 * one after the other, since two concurrent `CREATE TABLE IF NOT EXISTS` can both try to create it
 * and one fails on PostgreSQL's catalog unique keys. The lock goes with the session if a process dies.
 */
export async function withSchemaLock<T>(pool: pg.Pool, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/** How long a stop waits for the pool's connections to end (a LISTEN client taken back mid-reconnect may never be). */
const END_TIMEOUT_MS = 5_000;

/** Ends the pool, without letting a connection that is never released hold the stop forever. */
export async function endPool(pool: pg.Pool): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, END_TIMEOUT_MS);
    timer.unref();
  });
  await Promise.race([pool.end().catch(() => {}), timeout]);
  clearTimeout(timer);
}
