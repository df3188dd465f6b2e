/**
 * bench/query-layer: the cost of the shared query layer (storage/sql: a query compiled once by Kysely,
 * bound by slot name, run by the SQLite executor, decoded by the entity map) against the same lookup
 * as a hand-prepared better-sqlite3 statement decoded by hand, on one in-memory store. The ratio is
 * the figure (both measured in the same run).
 */
import { createEmbeddedStore } from '../storage/index.js';
import { openDatabase } from '../storage/embedded/database.js';
import { migrate } from '../storage/embedded/migrations.js';
import { SqliteExecutor, StatementCache } from '../storage/embedded/sql-executor.js';
import { SqlLinkRepository } from '../storage/sql/links.js';
import { nowMs, report, round } from './lib.js';

const COUNT = 200_000;

function time(work: (i: number) => unknown): number {
  for (let i = 0; i < 10_000; i++) work(i); // warm-up
  const start = nowMs();
  for (let i = 0; i < COUNT; i++) work(i);
  return ((nowMs() - start) * 1_000) / COUNT;
}

export async function runQueryLayer(): Promise<void> {
  const db = openDatabase({ filename: ':memory:' });
  migrate(db, () => new Date());
  const executor = new SqliteExecutor(new StatementCache(db), (work) => work(executor));
  const links = new SqlLinkRepository(executor, () => new Date());
  const now = new Date().toISOString();
  for (let i = 0; i < 1_000; i++) {
    await links.create({
      id: `l${i}`,
      name: `Link ${i}`,
      mode: 'standard',
      customPrompt: null,
      token: `t${i}`,
      code: `C${i}`,
      createdAt: now,
      updatedAt: now,
    });
  }
  const direct = db
    .prepare(
      'SELECT id, name, mode, custom_prompt, token, code, created_at, updated_at FROM links WHERE token = ?',
    )
    .raw(true);
  // As the repositories before the shared layer: an async method around a prepared statement.
  const byToken = async (token: string) => {
    const row = direct.get(token) as unknown[];
    return {
      id: row[0],
      name: row[1],
      mode: row[2],
      customPrompt: row[3],
      token: row[4],
      code: row[5],
      createdAt: row[6],
      updatedAt: row[7],
    };
  };
  const handDecoded = time((i) => byToken(`t${i % 1_000}`));
  // The repository call settles synchronously (the statement runs inside the call); awaiting each
  // would time the event loop, not the layer.
  const shared = time((i) => links.getByToken(`t${i % 1_000}`));
  db.close();
  const store = await createEmbeddedStore({ filename: ':memory:' });
  await store.close();
  report({
    figure: 'storage.query_layer.get_by_token',
    calls: COUNT,
    unit: 'us/call',
    handPrepared: round(handDecoded, 2),
    sharedLayer: round(shared, 2),
    ratio: round(shared / handDecoded, 2),
  });
}
