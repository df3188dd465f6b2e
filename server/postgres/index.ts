/**
 * Kora on PostgreSQL, put together (loaded only with DATABASE_URL): a pool for Agenda, whose first
 * query checks that the database answers before anything else opens; then the store and socket.io's
 * adapter, each with its own connections.
 */
import type { Logger } from '../../core/logger.js';
import type { Backends, PostgresStoreOpener } from '../backends.js';
import { checkPostgres, createPostgresPool, describeDatabase, endPool, withSchemaLock } from './pool.js';
import { createPostgresSocketAdapter } from './socket-adapter.js';

export async function openPostgresInfrastructure(
  url: string,
  logger: Logger,
  openStore: PostgresStoreOpener,
): Promise<Backends> {
  const pool = createPostgresPool(url, logger);
  try {
    // Nothing opens before the database answers: unreachable, the start stops with one clear line.
    await checkPostgres(pool, url);
  } catch (error) {
    await endPool(pool);
    throw error;
  }
  // Then the store (its migrations) and the adapter's table at once, each on a connection of its own:
  // one after the other they were 25-45 ms more of a start on a loaded 2-core machine.
  const [opened, adapter] = await Promise.allSettled([
    openStore({ url, logger }),
    createPostgresSocketAdapter(url, logger),
  ]);
  if (opened.status === 'rejected' || adapter.status === 'rejected') {
    if (opened.status === 'fulfilled') await opened.value.close().catch(() => {});
    if (adapter.status === 'fulfilled') await adapter.value.close().catch(() => {});
    await endPool(pool);
    throw opened.status === 'rejected' ? opened.reason : (adapter as PromiseRejectedResult).reason;
  }
  const store = opened.value;
  const { close } = adapter.value;
  return {
    kind: 'postgres',
    store,
    socketAdapter: adapter.value.adapter,
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
}
