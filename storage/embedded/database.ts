import path from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDir, ensurePrivateFile, tightenFile } from './private-files.js';
import { foldForSearch } from '../sql/search-text.js';

export type SqliteDatabase = Database.Database;

export interface DatabaseLocation {
  /** Folder of the database file; created when missing. Defaults to `data` in the working directory. */
  dataDir?: string;
  /** `:memory:` for a throwaway database; otherwise a file name inside `dataDir` (or an absolute path). */
  filename?: string;
}

export const DEFAULT_FILENAME = 'kora.db';

export function resolveDatabasePath(location: DatabaseLocation): string {
  if (location.filename === ':memory:') return ':memory:';
  return path.resolve(location.dataDir ?? 'data', location.filename ?? DEFAULT_FILENAME);
}

/**
 * The folder (0700 when created here), and kora.db 0600 before SQLite opens it: the -wal and -shm
 * files SQLite makes later take the database file's mode. Ones an older version left looser are
 * tightened.
 */
function preparePrivateFiles(file: string): void {
  ensurePrivateDir(path.dirname(file));
  ensurePrivateFile(file);
  tightenFile(`${file}-wal`);
  tightenFile(`${file}-shm`);
  tightenFile(`${file}-journal`);
}

/** Opens the connection with the pragmas the store relies on. */
export function openDatabase(location: DatabaseLocation): SqliteDatabase {
  const file = resolveDatabasePath(location);
  if (file !== ':memory:') preparePrivateFiles(file);
  const db = new Database(file);
  // WAL lets readers (backups, a second process) proceed while we write; NORMAL is durable enough in WAL.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Checkpoints normally run in a worker (checkpointer.ts); this inline one (~200 MB of WAL) is only the
  // safety net should the worker stop.
  db.pragma('wal_autocheckpoint = 50000');
  // 32 MB of page cache (the default is 2 MB): indexes of recent conversations stay in memory.
  db.pragma('cache_size = -32000');
  // Each unit of a group commit is a SAVEPOINT, whose sub-journal keeps the pages it changes. On disk
  // (past 64 KB, reached within a few units of a batch) that was 17 write calls and 36 KB per message
  // ingested (bench/ingest, 50 conversations: 26.8 calls and 55.6 KB before, 9.3 and 19.2 after). The
  // other temporary files (sorts, transient indexes) are small here: every list query is bounded.
  db.pragma('temp_store = MEMORY');
  // Case- and accent-insensitive matching in SQL (conversation titles), the same fold as search_text.
  db.function('kora_fold', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? foldForSearch(text) : null,
  );
  return db;
}
