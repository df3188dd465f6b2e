/**
 * The one place that decides what Kora runs on: the embedded store (SQLite in DATA_DIR, socket.io's
 * in-memory adapter, Agenda on the store), or, with DATABASE_URL, PostgreSQL for the store, socket.io's
 * adapter and Agenda, so that several processes are one installation.
 */
import type { ServerOptions } from 'socket.io';
import type { Logger } from '../core/logger.js';
import type { Store } from '../core/repositories.js';
import type { PostgresSchedulerOptions } from '../scheduler/postgres-backend.js';
import type { SearchIndexerOptions } from '../storage/embedded/search-indexer.js';
import { createEmbeddedStore } from '../storage/embedded/store.js';
import type { Config } from './config.js';
import { prepareDataDir } from './data-dir.js';

/** What the store says it runs on (one definition: `Store.kind` in core/repositories.ts). */
export type StoreKind = Store['kind'];

/** Opens the PostgreSQL store (storage/postgres) on DATABASE_URL: migrations, then the repositories. */
export type PostgresStoreOpener = (options: { url: string; logger: Logger }) => Promise<Store>;

/**
 * The PostgreSQL store (storage/postgres), imported only when DATABASE_URL is set: the embedded start
 * never loads `pg` nor the PostgreSQL dialect (the bundle keeps them in chunks of their own).
 */
const POSTGRES_STORE: PostgresStoreOpener = async ({ url, logger }) => {
  const { createPostgresStore } = await import('../storage/postgres/store.js');
  return createPostgresStore({
    url,
    onConnectionError: (error) =>
      logger.warn({ err: { message: error.message } }, 'PostgreSQL connection lost (reconnecting)'),
  });
};

export interface Backends {
  kind: StoreKind;
  store: Store;
  /** socket.io's adapter factory; unset: its in-memory adapter, with connection-state recovery. */
  socketAdapter?: ServerOptions['adapter'];
  /** Agenda on PostgreSQL; unset: Agenda on the store. */
  scheduler?: PostgresSchedulerOptions;
  /** Where the data is, for the start banner (a folder, or host:port/database). */
  location: string;
  /** Ends what `openBackends` opened besides the store (call after `store.close()`). */
  close(): Promise<void>;
}

/** The message search's background indexer, in the log: long catch-ups show their progress. */
function searchIndexLog(logger: Logger): SearchIndexerOptions {
  return {
    onProgress: ({ indexed, total, done, ms }) =>
      done
        ? logger.info({ indexed, ms }, 'Message search index caught up')
        : logger.info(
            { indexed, total, percent: Math.min(99, Math.floor((indexed / Math.max(total, 1)) * 100)) },
            'Indexing messages for search (in the background)',
          ),
    onError: (error) =>
      logger.warn({ err: { message: String(error) } }, 'Message search indexing failed (retrying)'),
  };
}

export async function openBackends(
  config: Config,
  logger: Logger,
  postgresStore: PostgresStoreOpener = POSTGRES_STORE,
): Promise<Backends> {
  if (!config.databaseUrl) {
    prepareDataDir(config.dataDir, (message) => logger.warn({}, message));
    return {
      kind: 'embedded',
      store: await createEmbeddedStore({ dataDir: config.dataDir, searchIndex: searchIndexLog(logger) }),
      location: config.dataDir,
      close: async () => {},
    };
  }
  const { openPostgresInfrastructure } = await import('./postgres/index.js');
  return openPostgresInfrastructure(config.databaseUrl, logger, postgresStore);
}
