/**
 * Which store the end-to-end tests' apps run on. `npm test` runs test/e2e twice (vitest.config.ts):
 * once on the embedded store, and once with KORA_E2E_STORE=postgres, where every app started by
 * startTestApp gets DATABASE_URL to a fresh PostgreSQL database (one per DATA_DIR, so a test that
 * starts an app again on the same DATA_DIR finds its data), and the file's databases are dropped after
 * its tests (test/helpers/e2e-postgres-setup.ts).
 */
import { createTestDatabase, dropTestDatabase } from './postgres.js';

const byDataDir = new Map<string, string>();
const created: string[] = [];
/** A fixed key: SECRET_KEY is required with DATABASE_URL, and restarts must keep it. */
const E2E_SECRET_KEY = 'e2e-postgres-secret-key-0123456789abcdefghij';

export const e2eOnPostgres = (): boolean => process.env.KORA_E2E_STORE === 'postgres';

/** The variables that put an app on PostgreSQL in the PostgreSQL run; none otherwise. */
export async function e2eStoreEnv(
  dataDir: string,
  env: Record<string, string>,
): Promise<Record<string, string>> {
  if (!e2eOnPostgres() || env.DATABASE_URL) return {};
  let url = byDataDir.get(dataDir);
  if (!url) {
    const database = await createTestDatabase();
    if (!database)
      throw new Error('KORA_E2E_STORE=postgres needs a PostgreSQL server (KORA_TEST_DATABASE_URL)');
    created.push(database.name);
    url = database.url;
    byDataDir.set(dataDir, url);
  }
  return { DATABASE_URL: url, SECRET_KEY: env.SECRET_KEY ?? E2E_SECRET_KEY };
}

/** The PostgreSQL database of the apps on `dataDir` in the PostgreSQL run; null otherwise. */
export function e2eDatabaseUrl(dataDir: string): string | null {
  return byDataDir.get(dataDir) ?? null;
}

export async function dropE2eDatabases(): Promise<void> {
  for (const name of created.splice(0)) await dropTestDatabase(name);
  byDataDir.clear();
}
