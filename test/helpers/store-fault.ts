/**
 * A real failure of the real store: a trigger, created from a second connection, makes the database
 * refuse one kind of write until it is released. On the embedded store (DATA_DIR/kora.db) SQLite says
 * "database or disk is full"; in the end-to-end run on PostgreSQL (test/helpers/e2e-store.ts) the
 * app's database raises disk_full (53100) from a row trigger.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { e2eDatabaseUrl } from './e2e-store.js';

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
  const url = e2eDatabaseUrl(dataDir);
  if (url) return refusePostgresWrites(url, event);
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

async function refusePostgresWrites(url: string, event: string): Promise<StoreFault> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE OR REPLACE FUNCTION test_store_fault() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$`);
  await client.query(
    `CREATE TRIGGER test_store_fault BEFORE ${event} FOR EACH ROW EXECUTE FUNCTION test_store_fault()`,
  );
  return {
    async release() {
      const [, table] = /ON (\w+)/.exec(event)!;
      await client.query(`DROP TRIGGER test_store_fault ON ${table}`);
      await client.end();
    },
  };
}
