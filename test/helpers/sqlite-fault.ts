/**
 * A real failure of the real store: a trigger, created from a second connection to DATA_DIR/kora.db,
 * makes SQLite refuse one kind of write ("database or disk is full") until it is released.
 */
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Runs `sql`, trying again while the app's connection (in this process) holds the write lock: a busy
 * wait here would block the very event loop that is to release it.
 */
async function execWhenFree(db: Database.Database, sql: string): Promise<void> {
  for (;;) {
    try {
      db.exec(sql);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export interface StoreFault {
  release(): Promise<void>;
}

/** `event`: e.g. 'INSERT ON messages' or 'UPDATE ON messages'. */
export async function refuseWrites(dataDir: string, event: string): Promise<StoreFault> {
  const db = new Database(path.join(dataDir, 'kora.db'), { timeout: 0 });
  await execWhenFree(
    db,
    `CREATE TRIGGER test_store_fault BEFORE ${event} BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
  );
  return {
    async release() {
      await execWhenFree(db, 'DROP TRIGGER test_store_fault');
      db.close();
    },
  };
}
