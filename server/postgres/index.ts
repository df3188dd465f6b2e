/**
 * Kora on PostgreSQL, put together: one pool for socket.io's adapter and Agenda (loaded only with
 * DATABASE_URL), checked before anything starts, then the store, the adapter's table and Agenda's.
 */
import type { Logger } from '../../core/logger.js';
import type { Backends, PostgresStoreOpener } from '../backends.js';
import { checkPostgres, createPostgresPool, describeDatabase, withSchemaLock } from './pool.js';
import { createPostgresSocketAdapter } from './socket-adapter.js';

export async function openPostgresInfrastructure(
  url: string,
  logger: Logger,
  openStore: PostgresStoreOpener,
): Promise<Backends> {
  const pool = createPostgresPool(url, logger);
  let store: Awaited<ReturnType<PostgresStoreOpener>> | undefined;
  try {
    await checkPostgres(pool, url);
    store = await openStore({ url, logger });
    const socketAdapter = await createPostgresSocketAdapter(pool, logger);
    return {
      kind: 'postgres',
      store,
      socketAdapter,
      scheduler: { pool, schemaLock: (work) => withSchemaLock(pool, work) },
      location: describeDatabase(url),
      close: () => pool.end(),
    };
  } catch (error) {
    await store?.close().catch(() => {});
    await pool.end().catch(() => {});
    throw error;
  }
}
