/**
 * PostgreSQL stores for the storage tests: each test file gets a database of its own (dropped at the end), and each
 * store in it a schema of its own, so tests never see each other's rows. Without a reachable server
 * the PostgreSQL tests are skipped with a notice, except on CI (CI=true), where that is a failure.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { adminUrl, dropDatabase } from './postgres.js';
import { createPostgresStore } from '../../storage/postgres/store.js';
import type { Store } from '../../storage/types.js';

/** The role and server of test/helpers/postgres.ts (KORA_TEST_DATABASE_URL, else the local one .ci/run sets up). */
export const ADMIN_URL = adminUrl();

function withDatabase(url: string, database: string, searchPath?: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (searchPath) parsed.searchParams.set('options', `-c search_path=${searchPath}`);
  return parsed.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers; on CI an unreachable server throws instead. */
export async function postgresReachable(): Promise<boolean> {
  try {
    await withClient(ADMIN_URL, (client) => client.query('SELECT 1'));
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn(`PostgreSQL tests skipped: no server at ${new URL(ADMIN_URL).host} (${String(error)})`);
    return false;
  }
}

export interface TestDatabase {
  /** A URL whose connections use a new, empty schema of this file's database. */
  freshSchema(): Promise<{ url: string; drop(): Promise<void> }>;
  drop(): Promise<void>;
}

/** A database for one test file; call `drop` in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `kora_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withClient(ADMIN_URL, (client) => client.query(`CREATE DATABASE ${name}`));
  const databaseUrl = withDatabase(ADMIN_URL, name);
  let next = 0;
  return {
    async freshSchema() {
      const schema = `s${next++}`;
      await withClient(databaseUrl, (client) => client.query(`CREATE SCHEMA ${schema}`));
      return {
        url: withDatabase(ADMIN_URL, name, schema),
        drop: () =>
          withClient(databaseUrl, (client) => client.query(`DROP SCHEMA ${schema} CASCADE`)).then(() => {}),
      };
    },
    async drop() {
      await withClient(ADMIN_URL, (client) => dropDatabase(client, name));
    },
  };
}

export interface TestStore {
  url: string;
  store: Store;
  cleanup(): Promise<void>;
}

/**
 * Fresh PostgreSQL stores for one test file: a database made on first use and dropped after the
 * file (afterAll is registered here), a schema per store.
 */
export function usePostgresStores(): () => Promise<TestStore> {
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.drop();
  });
  return async () => {
    database ??= await createTestDatabase();
    const schema = await database.freshSchema();
    const store = await createPostgresStore({ url: schema.url, maxConnections: 4 });
    return {
      url: schema.url,
      store,
      cleanup: async () => {
        await store.close();
        await schema.drop();
      },
    };
  };
}

/**
 * Two stores on one fresh schema, each with its own pool (two processes, as far as the database can
 * tell): for races between connections.
 */
export async function twoPostgresStores(
  freshStore: () => Promise<TestStore>,
  maxConnections = 4,
): Promise<{ a: Store; b: Store; cleanup(): Promise<void> }> {
  const first = await freshStore();
  const second = await createPostgresStore({ url: first.url, maxConnections });
  return {
    a: first.store,
    b: second,
    cleanup: async () => {
      await second.close();
      await first.cleanup();
    },
  };
}
