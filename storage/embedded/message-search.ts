/**
 * Full-text search over messages with SQLite FTS5 (accent- and case-insensitive: unicode61 with
 * remove_diacritics), with a prefix index for each word length up to 31 (migration 073), so a typed
 * word is one doclist read newest first. The index is contentless and filled lazily: `catchUp` indexes the messages
 * stored since the last call, in rowid order, so ingest writes no index and a search still sees
 * every message stored before it. Messages are never edited, so rows once indexed stay right.
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';
import { searchWordsOf } from '../sql/search-text.js';

const BATCH = 5_000;

export class MessageSearchIndex {
  readonly #pending: Statement<[number, number]>;
  readonly #insert: Statement<[number, string]>;
  readonly #setLast: Statement<[number]>;
  readonly #getLast: Statement<[]>;
  readonly #catchUp: () => number;

  constructor(db: SqliteDatabase) {
    this.#pending = db
      .prepare('SELECT rowid, text FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?')
      .raw();
    this.#insert = db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)');
    this.#getLast = db.prepare("SELECT last_rowid FROM search_state WHERE name = 'messages'").pluck();
    this.#setLast = db.prepare("UPDATE search_state SET last_rowid = ? WHERE name = 'messages'");
    this.#catchUp = db.transaction(() => {
      let last = this.#getLast.get() as number;
      let indexed = 0;
      for (;;) {
        const rows = this.#pending.all(last, BATCH) as unknown as [number, string][];
        for (const [rowid, text] of rows) this.#insert.run(rowid, text);
        indexed += rows.length;
        if (rows.length > 0) last = rows[rows.length - 1]![0];
        if (rows.length < BATCH) break;
      }
      if (indexed > 0) this.#setLast.run(last);
      return indexed;
    });
  }

  /** Indexes every message stored since the last call; how many. */
  catchUp(): number {
    return this.#catchUp();
  }
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
