/**
 * Kora on PostgreSQL, put together: one pool for socket.io's adapter and Agenda (loaded only with
 * DATABASE_URL), checked before anything starts, then the store, the adapter's table and Agenda's.
 */
import type { Logger } from '../../core/logger.js';
import type { Backends, PostgresStoreOpener } from '../backends.js';
import { checkPostgres, createPostgresPool, describeDatabase, endPool, withSchemaLock } from './pool.js';
import { createPostgresSocketAdapter, type PostgresSocketAdapter } from './socket-adapter.js';

export async function openPostgresInfrastructure(
  url: string,
  logger: Logger,
  openStore: PostgresStoreOpener,
): Promise<Backends> {
  const pool = createPostgresPool(url, logger);
  let store: Awaited<ReturnType<PostgresStoreOpener>> | undefined;
  let sockets: PostgresSocketAdapter | undefined;
  try {
    await checkPostgres(pool, url);
    store = await openStore({ url, logger });
    sockets = await createPostgresSocketAdapter(url, logger);
    const { close } = sockets;
    return {
      kind: 'postgres',
      store,
      socketAdapter: sockets.adapter,
      scheduler: {
        pool,
        schemaLock: (work) => withSchemaLock(pool, work),
        onConnectionError: (error) =>
          logger.warn(
            { err: { message: error.message } },
            'Agenda lost its PostgreSQL LISTEN connection (reconnecting)',
          ),
      },
      location: describeDatabase(url),
      close: async () => {
        await close();
        await endPool(pool);
      },
    };
  } catch (error) {
    await store?.close().catch(() => {});
    await endPool(pool);
    throw error;
  }
}
