import type { Repositories, Store } from '../types.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { StoreLock } from './lock.js';
import { migrate } from './migrations.js';
import { createRepositories, gateRepositories } from './repositories.js';

export interface EmbeddedStoreOptions {
  /** Folder of `kora.db` (created when missing). */
  dataDir?: string;
  /** `:memory:` for tests; otherwise a file name inside `dataDir`. */
  filename?: string;
  /** The clock for `updatedAt` on updates that do not carry one, and for migration records. */
  now?: () => Date;
}

/**
 * Transactions run on the one connection: `BEGIN IMMEDIATE` takes the write lock up front, and the
 * store lock keeps every call from outside the transaction waiting until it ends.
 */
function transactionRunner(db: SqliteDatabase, lock: StoreLock, tx: Repositories) {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  return async function transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    await lock.acquire();
    try {
      begin.run();
      try {
        const result = await work(tx);
        commit.run();
        return result;
      } catch (error) {
        // SQLite may already have rolled back on its own (e.g. after a failed COMMIT).
        if (db.inTransaction) rollback.run();
        throw error;
      }
    } finally {
      lock.release();
    }
  };
}

export async function createEmbeddedStore(options: EmbeddedStoreOptions = {}): Promise<Store> {
  const now = options.now ?? (() => new Date());
  const db = openDatabase(options);
  try {
    migrate(db, now);
  } catch (error) {
    db.close();
    throw error;
  }
  const lock = new StoreLock();
  // `tx` repositories bypass the lock: inside a transaction they are the lock holder's own.
  const tx = createRepositories(db, now);
  const ping = db.prepare('SELECT 1').pluck();
  return {
    kind: 'embedded',
    ...gateRepositories(tx, lock),
    transaction: transactionRunner(db, lock, tx),
    async ping() {
      if (ping.get() !== 1) throw new Error('SQLite did not answer select 1');
    },
    close: () =>
      lock.whenFree(async () => {
        if (db.open) db.close();
      }),
  };
}
