/**
 * Fills the message search index in the background, so no search has to: after an upgrade that
 * rebuilt the index (migration 073) or a large import, indexing every message in the first search's
 * request froze the process for the whole of it (about 30 s at 1,000,000 messages: sockets, webhooks,
 * /healthz). Here each batch is one short write transaction of a few milliseconds, run as a plain
 * call of the store (when no transaction holds the lock, so never inside someone else's batch), and
 * the event loop runs between batches. FTS5's own merges at a commit stood still up to 190 ms at
 * 1,000,000 messages: they are off (migration 074) and done here between batches, in steps of a few
 * pages, each its own transaction like a batch. Idle, it looks for new messages every `idleMs`.
 */
import type { Repositories } from '../types.js';
import type { MessageSearchIndex } from './message-search.js';
import type { Gate } from './repositories.js';

export interface SearchIndexProgress {
  /** Messages indexed since this catch-up began. */
  indexed: number;
  /** About how many it had to index when it began (the rowid span: deleted rows make it more). */
  total: number;
  done: boolean;
  ms: number;
}

export interface SearchIndexerOptions {
  /** Most rows a batch indexes. */
  maxRows?: number;
  /** No more rows in a batch once this long has passed (its commit comes on top). */
  budgetMs?: number;
  /** How often an idle indexer looks for new messages. */
  idleMs?: number;
  /** A catch-up longer than one batch: every `PROGRESS_EVERY` batches, and when it is done. */
  onProgress?: (progress: SearchIndexProgress) => void;
  /** A batch failed (it is tried again after `idleMs`). */
  onError?: (error: unknown) => void;
}

const PROGRESS_EVERY = 100;
/** Leaf pages a merge step writes (a word's doclist is merged whole, though). */
const MERGE_PAGES = 64;

export class SearchIndexer {
  readonly #index: MessageSearchIndex;
  readonly #gate: Gate;
  readonly #options: Required<Omit<SearchIndexerOptions, 'onProgress'>> & SearchIndexerOptions;
  #timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  #stopped = false;
  /** A catch-up is under way (or the first look since the open is still to come). */
  #busy = true;
  /** The last batch left segments to merge (FTS5's automerge is off: migration 074). */
  #mergePending = true;
  /** The marker as this indexer last left it: when it moved, a search indexed the rest itself. */
  #lastSeen = -1;
  #waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #run = { batches: 0, indexed: 0, total: 0, start: 0 };

  constructor(index: MessageSearchIndex, gate: Gate, options: SearchIndexerOptions = {}) {
    this.#index = index;
    this.#gate = gate;
    this.#options = { maxRows: 5_000, budgetMs: 8, idleMs: 1_000, onError: () => {}, ...options };
  }

  /** Begins at the next turn of the event loop (the store's open is not held up). */
  start(): void {
    this.#schedule(true);
  }

  /**
   * Resolves once the catch-up under way (if any) is done, so a search then indexes only the few
   * messages stored since, synchronously; at once when the indexer is idle.
   */
  whenCaughtUp(): Promise<void> {
    if (this.#stopped) return Promise.reject(closed());
    if (!this.#busy) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /**
   * No batch runs after this (one already queued for the lock does nothing). A search still waiting
   * fails: the store is closing, and doing the rest itself would hold the shutdown up.
   */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) {
      clearTimeout(this.#timer as NodeJS.Timeout);
      clearImmediate(this.#timer as NodeJS.Immediate);
      this.#timer = null;
    }
    for (const waiter of this.#waiters.splice(0)) waiter.reject(closed());
  }

  #schedule(now: boolean): void {
    if (this.#stopped) return;
    const tick = () => {
      this.#timer = null;
      this.#gate.whenFree(async () => this.#step()).catch((error) => this.#failed(error));
    };
    // Unreferenced: the indexer never keeps the process alive.
    this.#timer = now ? setImmediate(tick).unref() : setTimeout(tick, this.#options.idleMs).unref();
  }

  /** One short transaction: merge work left by the last batch first, else the next batch. */
  #step(): void {
    if (this.#stopped) return;
    if (this.#mergePending) {
      this.#mergePending = this.#index.merge(MERGE_PAGES, this.#options.budgetMs);
      this.#schedule(this.#mergePending || this.#busy);
      return;
    }
    if (!this.#busy) {
      // Cheap when idle: two indexed reads, and no write unless a message arrived.
      const { last, newest } = this.#index.position();
      // Searches index what they find left: their segments are merged here.
      this.#mergePending = last !== this.#lastSeen;
      this.#lastSeen = last;
      if (newest <= last) {
        this.#schedule(this.#mergePending);
        return;
      }
      this.#busy = true;
    }
    this.#indexBatch();
  }

  #indexBatch(): void {
    if (this.#run.batches === 0) this.#begin();
    const batch = this.#index.indexBatch(this.#options.maxRows, this.#options.budgetMs);
    this.#run.batches++;
    this.#run.indexed += batch.indexed;
    this.#lastSeen = batch.last;
    this.#mergePending = batch.indexed > 0;
    if (!batch.caughtUp) {
      if (this.#run.batches % PROGRESS_EVERY === 0) this.#report(false);
      this.#schedule(true);
      return;
    }
    if (this.#run.batches > 1) this.#report(true);
    this.#run.batches = 0;
    this.#busy = false;
    this.#settle();
    this.#schedule(this.#mergePending);
  }

  /** Searches waiting go on (theirs is the error to meet); the next look starts a catch-up afresh. */
  #failed(error: unknown): void {
    this.#options.onError(error);
    this.#busy = false;
    this.#run.batches = 0;
    this.#settle();
    this.#schedule(false);
  }

  #begin(): void {
    const { last, newest } = this.#index.position();
    this.#run = { batches: 0, indexed: 0, total: Math.max(0, newest - last), start: performance.now() };
  }

  #report(done: boolean): void {
    const { indexed, total, start } = this.#run;
    this.#options.onProgress?.({ indexed, total, done, ms: Math.round(performance.now() - start) });
  }

  #settle(): void {
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
  }
}

const closed = () => new Error('The store is closed: the search was not made');

/**
 * The store's searches (outside a transaction) first wait for a catch-up under way, then run as
 * before: their own `catchUp` indexes only what is left, synchronously, so they still see every
 * message stored before them. Inside a transaction a search cannot wait (the indexer needs the lock
 * the transaction holds): it indexes what is left itself, as before.
 */
export function searchesWaitForIndex(repositories: Repositories, indexer: SearchIndexer): Repositories {
  const { conversations } = repositories;
  return {
    ...repositories,
    conversations: {
      ...conversations,
      list: async (query) => {
        if (query.query?.trim()) await indexer.whenCaughtUp();
        return conversations.list(query);
      },
    },
  };
}
