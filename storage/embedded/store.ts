import type { Repositories, Store } from '../types.js';
import { startCheckpointer } from './checkpointer.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { StoreLock } from './lock.js';
import { sqliteDeliveryLedger } from './delivery-ledger.js';
import { sqliteMessageDedupe } from './message-dedupe.js';
import { MessageSearchIndex } from './message-search.js';
import { migrate } from './migrations.js';
import { createRepositories, createSharedRepositories, gateRepositories } from './repositories.js';
import { SearchIndexer, type SearchIndexerOptions, searchesWaitForIndex } from './search-indexer.js';
import { SqliteExecutor, StatementCache } from './sql-executor.js';

export interface EmbeddedStoreOptions {
  /** Folder of `kora.db` (created when missing). */
  dataDir?: string;
  /** `:memory:` for tests; otherwise a file name inside `dataDir`. */
  filename?: string;
  /** The clock for `updatedAt` on updates that do not carry one, and for migration records. */
  now?: () => Date;
  /** When the checkpoint thread starts, after the store opens (default 2 s: after the server listens). */
  checkpointAfterMs?: number;
  /** The message search's background indexer: its progress on long catch-ups, its errors, batch sizes. */
  searchIndex?: SearchIndexerOptions;
}

/** Long enough for a start to have listened, even on a loaded machine (bench/growth: ~1 s). */
const CHECKPOINT_AFTER_MS = 2_000;

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
 * Group commit: each transaction runs inside its own SAVEPOINT of a physical transaction that stays
 * open until the end of the current event-loop turn (`setImmediate`), so the transactions started by
 * everything that arrived in the same turn (other socket messages, queued turns) share one COMMIT.
 * A failure rolls back only its own savepoint and is reported at once; successes are reported only
 * after the COMMIT: nobody hears "done" before their writes are durable. Plain calls wait for the
 * COMMIT, so they never see, or join, uncommitted work.
 */
function transactionRunner(db: SqliteDatabase, lock: StoreLock, tx: Repositories) {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT unit');
  const releaseSavepoint = db.prepare('RELEASE unit');
  const rollbackSavepoint = db.prepare('ROLLBACK TO unit');
  let batch: Settled[] = [];
  /** The lock is held by an open batch that no transaction is running in. */
  let idle = false;
  let flushScheduled = false;

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

  function flush(): void {
    flushScheduled = false;
    if (!idle) return; // a transaction is running in the batch: it schedules the flush again
    idle = false;
    endBatch();
  }

  function finishUnit(): void {
    if (batch.length < MAX_BATCH && lock.handOff()) return;
    if (batch.length >= MAX_BATCH || lock.contended) {
      endBatch();
      return;
    }
    idle = true;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  }

  /** Rolls back a failed unit; ends the batch (or keeps it for the others) so the lock is never kept. */
  function abandonUnit(unitOpen: boolean): void {
    if (unitOpen && db.inTransaction) {
      rollbackSavepoint.run();
      releaseSavepoint.run();
    }
    if (batch.length > 0 && db.inTransaction) {
      finishUnit();
      return;
    }
    if (db.inTransaction) rollback.run();
    batch = [];
    lock.release();
  }

  async function enter(): Promise<void> {
    // Join the open batch directly unless someone queued first (they go before, after its COMMIT).
    if (idle && !lock.contended) {
      idle = false;
      return;
    }
    await lock.acquire();
  }

  return async function transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    await enter();
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
    // Statistics for the planner (sqlite_stat1), as SQLite advises at each open: tables never analyzed,
    // or grown tenfold since, are sampled (bounded by analysis_limit: ~250 ms once on 200,000 messages,
    // nothing after). Without them the inbox's partial indexes are passed over for a full scan.
    db.pragma('analysis_limit = 400');
    db.pragma('optimize = 0x10002');
  } catch (error) {
    db.close();
    throw error;
  }
  const lock = new StoreLock();
  const statements = new StatementCache(db);
  // Inside a unit, a repository's multi-statement method is part of the unit.
  const inside = new SqliteExecutor(statements, (work) => work(inside));
  // `tx` repositories bypass the lock: inside a transaction they are the lock holder's own.
  const search = new MessageSearchIndex(db);
  const parts = {
    search,
    dedupe: sqliteMessageDedupe,
    ledger: sqliteDeliveryLedger,
  };
  const tx = createRepositories(db, now, inside, parts);
  const transaction = transactionRunner(db, lock, tx);
  // Outside, a multi-statement method is a transaction of its own.
  const outside = new SqliteExecutor(statements, (work) => transaction(() => work(inside)));
  const ping = db.prepare('SELECT 1').pluck();
  const checkpointer = db.memory
    ? null
    : startCheckpointer(db.name, { afterMs: options.checkpointAfterMs ?? CHECKPOINT_AFTER_MS });
  const indexer = new SearchIndexer(search, lock, options.searchIndex);
  indexer.start();
  const gated = gateRepositories({ ...tx, ...createSharedRepositories(outside, now, parts) }, lock);
  // A message's compare-and-set write (several statements here) is a unit of its own: it joins the
  // open batch as units do, where the gate would first wait for that batch's COMMIT (a commit each).
  gated.messages = {
    ...gated.messages,
    insertOutbound: (write) => transaction((unit) => unit.messages.insertOutbound(write)),
    insertInbound: (write) => transaction((unit) => unit.messages.insertInbound(write)),
  };
  return {
    kind: 'embedded',
    ...searchesWaitForIndex(gated, indexer),
    transaction,
    async ping() {
      if (ping.get() !== 1) throw new Error('SQLite did not answer select 1');
    },
    close: () => {
      // At once, not when the lock frees: a batch queued for the lock meanwhile then does nothing.
      indexer.stop();
      return lock.whenFree(async () => {
        await checkpointer?.stop();
        if (db.open) db.close();
      });
    },
  };
}
