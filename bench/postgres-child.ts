/**
 * One process of bench/postgres's ingest figures, with its own pool: `engine` runs bench/ingest's
 * engine on the PostgreSQL store (catalog seeded by the parent), `bare` runs the baseline, bare
 * two-row transactions from `concurrency` loops on a pool of the store's size.
 * Each first warms up untimed (a server measured in its steady state, as the embedded figure's engine
 * is, run after earlier rounds in one process), prints `ready`, and starts timing when the parent
 * writes a line: the children's timed runs then overlap. Prints one JSON line at the end.
 * Usage: node --import tsx bench/postgres-child.ts engine|bare <url> <count> <concurrency>
 */
import readline from 'node:readline';
import pg from 'pg';
import { createPostgresStore } from '../storage/index.js';
import { engineOnly } from './ingest.js';
import { nowMs } from './lib.js';

const [mode, url, countText, concurrencyText] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);
const concurrency = Number(concurrencyText);

/** Tells the parent this process is warm and waits for its go (one line on stdin). */
async function ready(): Promise<void> {
  console.log('ready');
  const lines = readline.createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
}

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
  await ready();
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

/**
 * Messages run untimed first, as many as timed: V8 compiles the engine's hot code in the first
 * thousand or so (measured: 894 msg/s cold, then 1,057-1,091 in the same process, 2,000 each).
 */
async function engine() {
  await engineOnly(count, concurrency, () => createPostgresStore({ url }), false);
  await ready();
  const startedAt = Date.now();
  const run = await engineOnly(count, concurrency, () => createPostgresStore({ url }), false);
  const ms = (run.total / run.perSecond) * 1_000;
  return { total: run.total, ms, startedAt, cpuUsPerMessage: run.cpuUsPerMessage, resent: run.resent };
}

const result = mode === 'bare' ? await bare() : await engine();
console.log(JSON.stringify(result));
