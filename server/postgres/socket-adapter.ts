/**
 * socket.io across processes: `@socket.io/postgres-adapter` carries every broadcast, room change
 * (`socketsJoin`, `socketsLeave`) and `disconnectSockets` to the other processes through
 * PostgreSQL's NOTIFY (payloads over 8,000 bytes, and binary ones, go through its attachments table,
 * created here at start). It has no connection-state recovery: a client that reconnects gets a new
 * session and reads what it missed from history (README, "Several processes").
 */
import { createAdapter } from '@socket.io/postgres-adapter';
import type pg from 'pg';
import type { ServerOptions } from 'socket.io';
import type { Logger } from '../../core/logger.js';
import { withSchemaLock } from './pool.js';

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

/** The adapter factory socket.io takes (`new Server(http, { adapter })`). */
export async function createPostgresSocketAdapter(
  pool: pg.Pool,
  logger: Logger,
): Promise<ServerOptions['adapter']> {
  await ensureSocketTables(pool);
  return createAdapter(pool, {
    tableName: ATTACHMENTS_TABLE,
    errorHandler: (error) => logger.warn({ err: { message: error.message } }, 'socket.io adapter error'),
  });
}
