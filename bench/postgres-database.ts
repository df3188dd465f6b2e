/**
 * A PostgreSQL database made for one benchmark run and dropped after it. Needs a role that may create
 * databases: KORA_BENCH_DATABASE_URL, else KORA_TEST_DATABASE_URL, else the local test role.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

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
  try {
    return await work(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
