/**
 * The test-database helper cleans up after runs that were killed, and only after its own: another
 * tool's `kora_test_*` database on the same server (in use, perhaps) is never dropped.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  adminUrl,
  createTestDatabase,
  dropLeftovers,
  dropTestDatabase,
  withPostgresDatabase,
} from './postgres.js';

const database = await withPostgresDatabase();
const OLD_OWN = 'kora_test_1000000000_0badc0de';
const FOREIGN = ['kora_test_6330_0badc0de', 'kora_test_other'];

async function admin(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  return client;
}

async function existing(client: pg.Client, names: string[]): Promise<string[]> {
  const { rows } = await client.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname = ANY($1) ORDER BY datname',
    [names],
  );
  return rows.map((row) => row.datname);
}

afterAll(async () => {
  if (!database) return;
  const client = await admin();
  for (const name of [OLD_OWN, ...FOREIGN]) await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  await client.end();
});

describe.skipIf(!database)('withPostgresDatabase', () => {
  it('gives each file a fresh database it can use', async () => {
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
    await client.end();
    expect(rows[0]!.name).toBe(database!.name);
  });

  it('drops its own leftovers older than 6 hours, never a database it did not make', async () => {
    const client = await admin();
    try {
      for (const name of [OLD_OWN, ...FOREIGN]) await client.query(`CREATE DATABASE "${name}"`);
      await dropLeftovers(client);
      expect(await existing(client, [OLD_OWN, ...FOREIGN, database!.name])).toEqual(
        [...FOREIGN, database!.name].sort(),
      );
    } finally {
      await client.end();
    }
  });

  it('drops a database that a test left connections to (idle, and in an open transaction)', async () => {
    const left = (await createTestDatabase())!;
    const pool = new pg.Pool({ connectionString: left.url, max: 3 });
    pool.on('error', () => {});
    await Promise.all([1, 2].map(() => pool.query('SELECT 1')));
    const busy = await pool.connect();
    busy.on('error', () => {});
    await busy.query('BEGIN');
    await dropTestDatabase(left.name);
    const client = await admin();
    try {
      expect(await existing(client, [left.name])).toEqual([]);
    } finally {
      await client.end();
      busy.release(true);
      await pool.end().catch(() => {});
    }
  });
});
