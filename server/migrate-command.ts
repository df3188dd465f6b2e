/**
 * `npm run kora -- migrate-to-postgres`: copies the embedded store of DATA_DIR into the empty
 * PostgreSQL database of DATABASE_URL (storage/postgres/copy-from-embedded.ts), a progress line per
 * table on stderr, then the counts of every table compared. Returns the exit code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveDatabasePath } from '../storage/embedded/database.js';
import { CopyError, copyEmbeddedToPostgres } from '../storage/postgres/copy-from-embedded.js';
import type { Config } from './config.js';

export type Write = (line: string) => void;

export interface MigrateOutput {
  /** A finished line. */
  write: Write;
  /** A progress line: on a terminal it overwrites the previous one until the table is done. */
  progress?: (line: string, done: boolean) => void;
}

function progressLine(table: string, copied: number, total: number): string {
  const width = 20;
  // Rows written while copying (Kora still running) can take `copied` past `total`.
  const filled = total === 0 ? width : Math.min(width, Math.round((copied / total) * width));
  return `${table.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${copied}/${total}`;
}

export async function migrateToPostgres(config: Config, output: MigrateOutput): Promise<number> {
  const { write } = output;
  const progress = output.progress ?? ((line: string, done: boolean) => done && write(line));
  if (!config.databaseUrl) {
    write('migrate-to-postgres: set DATABASE_URL to the empty PostgreSQL database to copy into');
    return 2;
  }
  const sqlitePath = resolveDatabasePath({ dataDir: config.dataDir });
  if (!fs.existsSync(sqlitePath)) {
    write(`migrate-to-postgres: no embedded database at ${sqlitePath} (set DATA_DIR)`);
    return 2;
  }
  try {
    const counts = await copyEmbeddedToPostgres({
      sqlitePath,
      url: config.databaseUrl,
      progress: (table, copied, total, done) => progress(progressLine(table, copied, total), done),
    });
    const differ = counts.filter((count) => count.source !== count.target);
    for (const count of differ)
      write(`count differs: ${count.table} has ${count.source} rows embedded, ${count.target} in PostgreSQL`);
    if (differ.length > 0) {
      write(`migrate-to-postgres: FAILED, ${differ.length} table(s) differ (was Kora still running?)`);
      return 1;
    }
    const rows = counts.reduce((sum, count) => sum + count.source, 0);
    write(`migrate-to-postgres: done, ${counts.length} tables and ${rows} rows match`);
    write(
      `Start Kora with this DATABASE_URL and SECRET_KEY set to the key in ${path.join(config.dataDir, 'secret.key')} (unless SECRET_KEY was set already).`,
    );
    return 0;
  } catch (error) {
    const reason = error instanceof CopyError ? error.message : String(error);
    write(`migrate-to-postgres: FAILED, ${reason}`);
    return 1;
  }
}
