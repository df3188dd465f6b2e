/**
 * socket.io across processes: `@socket.io/postgres-adapter` carries every broadcast, room change
 * (`socketsJoin`, `socketsLeave`) and `disconnectSockets` to the other processes through
 * PostgreSQL's NOTIFY (payloads over 8,000 bytes, and binary ones, go through its attachments table,
 * created here at start). It has no connection-state recovery: a client that reconnects gets a new
 * session and reads what it missed from history (README, "Several processes").
 */
import { createAdapter } from '@socket.io/postgres-adapter';
import type pg from 'pg';
import type { Namespace, ServerOptions } from 'socket.io';
import type { Logger } from '../../core/logger.js';
import { createPostgresPool, endPool, withSchemaLock } from './pool.js';

export const ATTACHMENTS_TABLE = 'socket_io_attachments';

/** The adapter's own table (its README's schema), created once however many processes start together. */
export async function ensureSocketTables(pool: pg.Pool): Promise<void> {
  await withSchemaLock(pool, () =>
    pool.query(
      `CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (
         id bigserial UNIQUE,
         created_at timestamptz DEFAULT NOW(),
         payload bytea
       )`,
    ),
  );
}

export interface PostgresSocketAdapter {
  /** The adapter factory socket.io takes (`new Server(http, { adapter })`). */
  adapter: ServerOptions['adapter'];
  /** Ends the adapter's connections (after `io.close()`). */
  close(): Promise<void>;
}

/**
 * The adapter on a pool of its own with two connections: its LISTEN client, and one that publishes.
 * pg's pool queues queries in order, so broadcasts leave in the order they were made; with more
 * connections they NOTIFY concurrently (20 messages emitted in a burst reached the other process out
 * of order). A payload over 8,000 bytes takes two queries and can still be overtaken by a later one.
 */
export async function createPostgresSocketAdapter(
  url: string,
  logger: Logger,
): Promise<PostgresSocketAdapter> {
  const pool = createPostgresPool(url, logger, 2);
  try {
    await ensureSocketTables(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  // Made with the first namespace (socket.io's own, at `new Server`), so that Kora's namespaces, made
  // in the same turn, are all known before its LISTEN client connects and LISTENs for them one by
  // one: a namespace added later sends LISTEN while that client may be busy (a pg deprecation).
  let factory: ReturnType<typeof createAdapter> | undefined;
  // A function, not an arrow: socket.io calls it with `new` (an object returned from it is the result).
  function adapter(namespace: Namespace) {
    factory ??= createAdapter(pool, {
      tableName: ATTACHMENTS_TABLE,
      errorHandler: (error) => logger.warn({ err: { message: error.message } }, 'socket.io adapter error'),
    });
    return factory(namespace);
  }
  return { adapter, close: () => endPool(pool) };
}
