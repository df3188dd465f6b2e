/**
 * One process of bench/postgres's ingest figures, with its own pool: `engine` runs bench/ingest's
 * engine on the PostgreSQL store (catalog seeded by the parent), `bare` runs the baseline, bare
 * two-row transactions from `concurrency` loops on a pool of the store's size. Prints one JSON line.
 * Usage: node --import tsx bench/postgres-child.ts engine|bare <url> <count> <concurrency>
 */
import pg from 'pg';
import { createPostgresStore } from '../storage/index.js';
import { engineOnly } from './ingest.js';
import { nowMs } from './lib.js';

const [mode, url, countText, concurrencyText] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);
const concurrency = Number(concurrencyText);

async function bare(): Promise<{ total: number; ms: number; startedAt: number }> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const tag = `${process.pid}`;
  let next = 0;
  const run = async (i: number) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query({
        name: 'a',
        text: 'INSERT INTO a VALUES ($1, $2)',
        values: [`a${tag}-${i}`, 'Combien ?'],
      });
      await client.query({
        name: 'b',
        text: 'INSERT INTO b VALUES ($1, $2)',
        values: [`b${tag}-${i}`, 'Cours — 490'],
      });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };
  for (let i = 0; i < 100; i++) await run(-i - 1);
  const startedAt = Date.now();
  const start = nowMs();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(next++);
    }),
  );
  const ms = nowMs() - start;
  await pool.end();
  return { total: count, ms, startedAt };
}

async function engine() {
  const startedAt = Date.now();
  const run = await engineOnly(count, concurrency, () => createPostgresStore({ url }), false);
  const ms = (run.total / run.perSecond) * 1_000;
  return { total: run.total, ms, startedAt, cpuUsPerMessage: run.cpuUsPerMessage, resent: run.resent };
}

const result = mode === 'bare' ? await bare() : await engine();
console.log(JSON.stringify(result));
