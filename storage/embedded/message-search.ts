/**
 * Full-text search over messages with SQLite FTS5 (accent- and case-insensitive: unicode61 with
 * remove_diacritics), with a prefix index for each word length up to 31 (migration 073), so a typed
 * word is one doclist read newest first. The index is contentless and filled behind ingest, in rowid
 * order: in small batches by the store's background indexer (search-indexer.ts), and by `catchUp`,
 * which a search runs first for whatever is left, so ingest writes no index and a search still sees
 * every message stored before it. Messages are never edited, so rows once indexed stay right.
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';
import { searchWordsOf } from '../sql/search-text.js';

const BATCH = 5_000;
/** Rows read at a time by a bounded batch, between looks at the clock. */
const CHUNK = 200;

/** What one bounded batch did. */
export interface IndexBatch {
  indexed: number;
  /** Every message stored when the batch ran is indexed. */
  caughtUp: boolean;
  /** The last rowid indexed (the marker in search_state). */
  last: number;
}

export class MessageSearchIndex {
  readonly #pending: Statement<[number, number]>;
  readonly #insert: Statement<[number, string]>;
  readonly #setLast: Statement<[number]>;
  readonly #getLast: Statement<[]>;
  readonly #newest: Statement<[]>;
  readonly #catchUp: () => number;
  readonly #batch: (maxRows: number, budgetMs: number) => IndexBatch;
  readonly #merge: (pages: number, budgetMs: number) => boolean;
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#pending = db
      .prepare('SELECT rowid, text FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?')
      .raw();
    this.#insert = db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)');
    this.#getLast = db.prepare("SELECT last_rowid FROM search_state WHERE name = 'messages'").pluck();
    this.#setLast = db.prepare("UPDATE search_state SET last_rowid = ? WHERE name = 'messages'");
    this.#newest = db.prepare('SELECT max(rowid) FROM messages').pluck();
    this.#catchUp = db.transaction(() => {
      let indexed = 0;
      for (;;) {
        const step = this.#indexRows(BATCH);
        indexed += step.indexed;
        if (step.caughtUp) return indexed;
      }
    });
    this.#merge = mergeSteps(db);
    this.#batch = db.transaction((maxRows: number, budgetMs: number) => {
      const start = performance.now();
      const done: IndexBatch = { indexed: 0, caughtUp: false, last: 0 };
      while (!done.caughtUp && done.indexed < maxRows && performance.now() - start < budgetMs) {
        const step = this.#indexRows(Math.min(CHUNK, maxRows - done.indexed));
        done.indexed += step.indexed;
        done.caughtUp = step.caughtUp;
        done.last = step.last;
      }
      return done;
    });
  }

  /**
   * Merges the index's segments (FTS5's automerge is off, migration 074) in steps of `pages` leaf
   * pages while a level holds 4 segments or more (FTS5's `usermerge`) and `budgetMs` has not passed,
   * in one transaction; whether merging is left to do.
   */
  merge(pages: number, budgetMs: number): boolean {
    if (this.#db.inTransaction) throw new Error('a search index merge must not join an open transaction');
    return this.#merge(pages, budgetMs);
  }

  /** Indexes every message stored since the last call, in one transaction; how many. */
  catchUp(): number {
    return this.#catchUp();
  }

  /**
   * Indexes the next messages in one short transaction: at most `maxRows`, and no more chunks once
   * `budgetMs` has passed (the commit's segment write and FTS5's merge work come on top).
   */
  indexBatch(maxRows: number, budgetMs: number): IndexBatch {
    // Its own transaction, never a savepoint of someone else's (it would commit or roll back with it).
    if (this.#db.inTransaction) throw new Error('a search index batch must not join an open transaction');
    return this.#batch(maxRows, budgetMs);
  }

  /** The marker, and the newest rowid stored: how far behind the index is (rowids may have gaps). */
  position(): { last: number; newest: number } {
    return { last: this.#getLast.get() as number, newest: (this.#newest.get() as number | null) ?? 0 };
  }

  /** Up to `limit` rows after the marker, the marker moved past them. */
  #indexRows(limit: number): IndexBatch {
    let last = this.#getLast.get() as number;
    const rows = this.#pending.all(last, limit) as unknown as [number, string][];
    for (const [rowid, text] of rows) this.#insert.run(rowid, text);
    if (rows.length > 0) {
      last = rows[rows.length - 1]![0];
      this.#setLast.run(last);
    }
    return { indexed: rows.length, caughtUp: rows.length < limit, last };
  }
}

/** FTS5's `merge` command, repeated while it finds work (it changes rows) and time is left. */
function mergeSteps(db: SqliteDatabase): (pages: number, budgetMs: number) => boolean {
  const merge = db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', ?)");
  const changes = db.prepare('SELECT total_changes()').pluck();
  return db.transaction((pages: number, budgetMs: number) => {
    const start = performance.now();
    do {
      const before = changes.get() as number;
      merge.run(pages);
      // FTS5's own test: fewer than 2 rows changed means no merge work was found.
      if ((changes.get() as number) - before < 2) return false;
    } while (performance.now() - start < budgetMs);
    return true;
  });
}

/**
 * Letters to JavaScript (Unicode 15) that SQLite's unicode61 tables still class as marks, so its
 * tokenizer splits a word on them (New Tai Lue vowel signs, two Vedic signs): the only ones, checked
 * against every code point by test/storage/message-search-prefixes.test.ts.
 */
const TOKENIZER_SEPARATORS = /[\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3]/u;

/**
 * An FTS5 query for what a person typed: every word must appear, each as a prefix ("yog" finds
 * "yoga"); punctuation is dropped, so nothing typed can be read as FTS syntax. Each quoted word is
 * one token: the index keeps no positions (`detail = none`, migration 073) and refuses a phrase.
 * null for no words.
 */
export function toFtsQuery(text: string): string | null {
  const words = searchWordsOf(text).flatMap((word) => word.split(TOKENIZER_SEPARATORS).filter(Boolean));
  return words.length > 0 ? words.map((word) => `"${word}"*`).join(' ') : null;
}
