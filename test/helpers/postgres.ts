/**
 * A fresh PostgreSQL database per test file. The server is `KORA_TEST_DATABASE_URL` (what `.ci/run`
 * exports), else the local one `.ci/run` sets up (`postgres://kora:kora@127.0.0.1:5432/postgres`).
 * No server there: the file is skipped with a notice, except under CI=true, where it fails, so CI
 * never passes by skipping what it was meant to test.
 *
 *   const database = await withPostgresDatabase();
 *   describe.skipIf(!database)('…', () => { … database!.url … });
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://kora:kora@127.0.0.1:5432/postgres';
/** Databases a killed run left behind are dropped by a later run once they are this old. */
const LEFTOVER_AGE_S = 6 * 3_600;
const PREFIX = 'kora_test_';
/** Only names this helper makes (another tool's kora_test_* databases are never touched). */
const OWN_NAME = /^kora_test_(\d{10})_[0-9a-f]{8}$/;

export interface TestDatabase {
  /** The fresh database's URL (same server, role and password as the admin URL). */
  url: string;
  name: string;
}

export function adminUrl(): string {
  return process.env.KORA_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

/** The URL without its password, for notices. */
function shown(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {}); // a dropped connection is seen by the next query
  await client.connect();
  return client;
}

/** Drops the databases of this helper that a killed run left behind (older than 6 hours). */
export async function dropLeftovers(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${PREFIX}%`],
  );
  const now = Math.floor(Date.now() / 1_000);
  for (const { datname } of rows) {
    const created = Number(OWN_NAME.exec(datname)?.[1]);
    if (created && now - created > LEFTOVER_AGE_S) {
      await dropDatabase(client, datname).catch(() => {});
    }
  }
}

/** Creates the database now and drops it after the file's tests; `null` when the file is skipped. */
export async function withPostgresDatabase(): Promise<TestDatabase | null> {
  const database = await createTestDatabase();
  if (database) afterAll(() => dropTestDatabase(database.name));
  return database;
}

/**
 * Creates a fresh database; `null` (with a notice) when the server is not reachable, except under
 * CI=true, where that throws. The caller drops it (`dropTestDatabase`); one a killed run leaves behind
 * is dropped by a later run once 6 hours old.
 */
export async function createTestDatabase(): Promise<TestDatabase | null> {
  const url = adminUrl();
  let admin: pg.Client;
  try {
    admin = await connect(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `PostgreSQL is not reachable at ${shown(url)} (${reason}): set KORA_TEST_DATABASE_URL or run .ci/run`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true: not skipping)`);
    console.warn(`Skipping the PostgreSQL tests of this file: ${message}.`);
    return null;
  }
  const name = `${PREFIX}${Math.floor(Date.now() / 1_000)}_${randomBytes(4).toString('hex')}`;
  try {
    await dropLeftovers(admin);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const database = new URL(url);
  database.pathname = `/${name}`;
  return { url: database.toString(), name };
}

/**
 * Drops a test database. Its connections of our role (an app or pool a test left open) are ended
 * first: the app code survives that (test/e2e/postgres-connection-loss.test.ts). Not `WITH (FORCE)`:
 * that refuses, for a role that is not a superuser, when an autovacuum worker is in the database
 * ("must be a member of the role whose process is being terminated"); a plain DROP stops autovacuum
 * itself. A connection that comes back in between makes it retry.
 */
export async function dropTestDatabase(name: string): Promise<void> {
  const client = await connect(adminUrl());
  try {
    await dropDatabase(client, name);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()`,
      [name],
    );
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      return;
    } catch (error) {
      // 55006: still in use (a pool reconnected between the two statements).
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/**
 * Ends every connection of our role to the database of `url` but the caller's own, as a server
 * restart or a failover would; how many it ended.
 */
export async function endConnections(url: string): Promise<number> {
  const client = await connect(url);
  try {
    const { rows } = await client.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND usename = current_user`,
    );
    return rows.filter((row) => row.ended).length;
  } finally {
    await client.end();
  }
}
