/**
 * A PostgreSQL database made for one benchmark run and dropped after it. Needs a role that may create
 * databases: KORA_BENCH_DATABASE_URL, else KORA_TEST_DATABASE_URL, else the local test role.
 * KORA_BENCH_KEEP_DATABASE=1 keeps it and prints its URL (to read its plans after the run); drop it
 * yourself after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dropDatabase } from '../test/helpers/postgres.js';

export const ADMIN_URL =
  process.env.KORA_BENCH_DATABASE_URL ??
  process.env.KORA_TEST_DATABASE_URL ??
  'postgres://kora:kora@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `kora_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  if (process.env.KORA_BENCH_KEEP_DATABASE === '1') {
    console.error(`bench: keeping the database ${url.toString().replace(/\/\/[^@]*@/, '//…@')}`);
    return work(url.toString());
  }
  try {
    return await work(url.toString());
  } finally {
    // As the tests drop theirs (not WITH (FORCE): refused while autovacuum works in the database).
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await dropDatabase(client, name);
    } finally {
      await client.end();
    }
  }
}
