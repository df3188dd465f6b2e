import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

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

/** Opens the connection with the pragmas the store relies on. */
export function openDatabase(location: DatabaseLocation): SqliteDatabase {
  const file = resolveDatabasePath(location);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets readers (backups, a second process) proceed while we write; NORMAL is durable enough in WAL.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
