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

/** Most logical transactions one commit may carry; bounds the latency a batch adds. */
const MAX_BATCH = 64;

interface Settled {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  value: unknown;
}

/**
 * Transactions run on the one connection: `BEGIN IMMEDIATE` takes the write lock up front, and the
 * store lock keeps every call from outside the transaction waiting until it ends.
 *
 * Group commit: when another transaction is already queued as one finishes, the physical transaction
 * stays open and the next one runs in it, each inside its own SAVEPOINT (a failure rolls back only its
 * own writes and is reported at once). One COMMIT then ends the batch, and only after it do the
 * callers of the batch get their results: nobody hears "done" before their writes are durable.
 * A lone transaction commits at once, as before.
 */
function transactionRunner(db: SqliteDatabase, lock: StoreLock, tx: Repositories) {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT unit');
  const releaseSavepoint = db.prepare('RELEASE unit');
  const rollbackSavepoint = db.prepare('ROLLBACK TO unit');
  let batch: Settled[] = [];

  function endBatch(): void {
    const done = batch;
    batch = [];
    try {
      if (db.inTransaction) commit.run();
      for (const unit of done) unit.resolve(unit.value);
    } catch (error) {
      // SQLite may already have rolled back on its own (e.g. after a failed COMMIT).
      if (db.inTransaction) rollback.run();
      for (const unit of done) unit.reject(error);
    }
    lock.release();
  }

  function finishUnit(): void {
    if (batch.length < MAX_BATCH && lock.handOff()) return;
    endBatch();
  }

  /** Rolls back a failed unit; ends the batch (or hands it on) so the lock is never kept. */
  function abandonUnit(unitOpen: boolean): void {
    if (unitOpen && db.inTransaction) {
      rollbackSavepoint.run();
      releaseSavepoint.run();
    }
    if (batch.length > 0 && db.inTransaction) return finishUnit();
    if (db.inTransaction) rollback.run();
    batch = [];
    lock.release();
  }

  return async function transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    await lock.acquire();
    let unitOpen = false;
    let value: T;
    try {
      if (!db.inTransaction) begin.run();
      savepoint.run();
      unitOpen = true;
      value = await work(tx);
      releaseSavepoint.run();
    } catch (error) {
      abandonUnit(unitOpen);
      throw error;
    }
    const settled = new Promise<T>((resolve, reject) => {
      batch.push({ resolve: resolve as (value: unknown) => void, reject, value });
    });
    finishUnit();
    return settled;
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
