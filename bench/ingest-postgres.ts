/**
 * bench/ingest-postgres: bench/ingest's engine run on the PostgreSQL store. Baseline in the same run:
 * a bare transaction inserting two rows on one pooled connection of the same server. The database is
 * made for the run and dropped after it (bench/postgres-database.ts).
 */
import pg from 'pg';
import { createPostgresStore } from '../storage/index.js';
import { engineOnly } from './ingest.js';
import { nowMs, report, round } from './lib.js';
import { withDatabase } from './postgres-database.js';

/** Microseconds per transaction of two inserts, one connection, one transaction at a time. */
async function bareTransaction(url: string, count: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    'CREATE TABLE a (id text PRIMARY KEY, body text); CREATE TABLE b (id text PRIMARY KEY, body text)',
  );
  const run = async (i: number) => {
    await client.query('BEGIN');
    await client.query({
      name: 'a',
      text: 'INSERT INTO a VALUES ($1, $2)',
      values: [`a${i}`, 'Combien coûte ?'],
    });
    await client.query({
      name: 'b',
      text: 'INSERT INTO b VALUES ($1, $2)',
      values: [`b${i}`, 'Cours — 490 CHF'],
    });
    await client.query('COMMIT');
  };
  for (let i = 0; i < 200; i++) await run(-i - 1);
  const start = nowMs();
  for (let i = 0; i < count; i++) await run(i);
  const perTx = ((nowMs() - start) * 1_000) / count;
  await client.query('DROP TABLE a, b');
  await client.end();
  return perTx;
}

export async function runIngestPostgres(): Promise<void> {
  for (const conversations of [1, 50]) {
    const bareUs = await withDatabase((url) => bareTransaction(url, 2_000));
    const run = await withDatabase((url) =>
      engineOnly(4_000, conversations, () => createPostgresStore({ url })),
    );
    report({
      figure: `ingest.postgres.${conversations === 1 ? 'one_conversation_sequential' : '50_conversations'}`,
      messages: run.total,
      msgPerSec: round(run.perSecond, 0),
      p50Ms: round(run.p50, 3),
      p99Ms: round(run.p99, 3),
      usPerMessage: round(run.usPerMessage, 1),
      bareUsPerTx: round(bareUs, 1),
      ratioToBareTx: round(run.usPerMessage / bareUs, 2),
      cpuUsPerMessage: round(run.cpuUsPerMessage, 1),
    });
  }
}
