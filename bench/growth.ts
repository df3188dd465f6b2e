/**
 * bench/growth: does Kora stay fast as its store grows? `npm run bench -- growth [--messages N]
 * [--store embedded|postgres|both] [--budget-s S]` builds a store through the engine (bench/growth-build)
 * at 20,000 customer messages and at N (default 1,000,000), then runs the built server on it
 * (`node dist/server/main.js`, as users run it) and measures: cold start to /readyz, each admin list's
 * p95, the inbox search for a common word (first page) and GET /api/admin/stats. The 20,000 figures
 * are the baseline of the same run (`ratioTo20k`). On PostgreSQL a build stops after `--budget-s`
 * (default 1,500 s) and the figures are those of the size reached.
 * `--database-url URL` measures a PostgreSQL store built before (KORA_BENCH_KEEP_DATABASE=1 keeps a
 * run's) without building one: after a change to the reads, its figures in minutes, not half an hour.
 */
import fs from 'node:fs';
import pg from 'pg';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../core/repositories.js';
import { createEmbeddedStore, createPostgresStore } from '../storage/index.js';
import { buildStore } from './growth-build.js';
import { nowMs, percentile, processCpuMs, report, round } from './lib.js';
import { withDatabase } from './postgres-database.js';
import { adminCookie, type Running, start, stop } from './server.js';

type StoreName = 'embedded' | 'postgres';
const TARGET_MS = 50;
const COLD_TARGET_MS = 500;
const SAMPLES = 40;
const SECRET = { SECRET_KEY: 'growth-bench-secret-key-0123456789abcdef' };

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** The admin reads measured, by figure name. `{conversation}` is an existing conversation's id. */
const READS: Record<string, string> = {
  'list.conversations': '/api/admin/conversations?page=1&limit=50',
  'list.conversations_page_20': '/api/admin/conversations?page=20&limit=50',
  'list.conversations_waiting': '/api/admin/conversations?waiting=true&limit=50',
  'list.conversations_handoff': '/api/admin/conversations?handoff=true&limit=50',
  'list.conversations_unassigned': '/api/admin/conversations?assignee=none&limit=50',
  'list.conversations_open': '/api/admin/conversations?status=open&limit=50',
  'list.conversations_mine': '/api/admin/conversations?assignee=me&limit=50',
  'list.conversation_messages': '/api/admin/conversations/{conversation}/messages?limit=50',
  'list.contacts': '/api/admin/contacts?page=1&limit=50',
  'list.contacts_query': '/api/admin/contacts?query=client%2012&limit=50',
  // Every contact is a "Client N": a search that matches them all.
  'list.contacts_query_everyone': '/api/admin/contacts?query=client&limit=50',
  'list.groups': '/api/admin/groups?limit=50',
  'list.campaigns': '/api/admin/campaigns?limit=20',
  'list.audit_log': '/api/admin/audit-log?limit=50',
  'list.links': '/api/admin/links',
  'search.common_word_first_page': '/api/admin/conversations?query=bonjour&limit=50',
  stats: '/api/admin/stats',
};

async function timed(url: string, cookie: string): Promise<number> {
  const t0 = nowMs();
  const response = await fetch(url, { headers: { cookie } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return nowMs() - t0;
}

async function measureReads(running: Running, size: number, baseline: Map<string, number>, label: string) {
  const cookie = await adminCookie(running.url);
  const first = (await (
    await fetch(`${running.url}/api/admin/conversations?limit=1`, { headers: { cookie } })
  ).json()) as {
    items: { id: string }[];
    total: number;
  };
  // The first search after the build also indexes what was stored since (SQLite's lazy index).
  const firstSearchMs = await timed(`${running.url}${READS['search.common_word_first_page']}`, cookie);
  report({
    figure: `growth.${label}.search_first_after_build`,
    customerMessages: size,
    ms: round(firstSearchMs),
  });
  for (const [name, pathname] of Object.entries(READS)) {
    const url = `${running.url}${pathname.replace('{conversation}', first.items[0]!.id)}`;
    for (let i = 0; i < 3; i++) await timed(url, cookie);
    const times: number[] = [];
    const cpuBefore = processCpuMs(running.child.pid!);
    for (let i = 0; i < SAMPLES; i++) times.push(await timed(url, cookie));
    const serverCpuMs = (processCpuMs(running.child.pid!) - cpuBefore) / SAMPLES;
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    if (size === 20_000) baseline.set(name, p95);
    const base = baseline.get(name);
    report({
      figure: `growth.${label}.${name}`,
      customerMessages: size,
      p50Ms: round(percentile(times, 50), 2),
      p95Ms: round(p95, 2),
      // Steadier than wall time on a shared machine: the server's CPU per request (10 ms ticks, averaged).
      serverCpuMsPerRequest: round(serverCpuMs, 2),
      ...(base && size !== 20_000 ? { ratioTo20k: round(p95 / base, 2) } : {}),
      target: `p95 <= ${TARGET_MS} ms`,
      meetsTarget: p95 <= TARGET_MS,
    });
  }
}

/** Cold start: 3 starts of the built server to its first 200 from /readyz, wall and CPU ms, sorted. */
async function coldStart(
  dataDir: string,
  port: number,
  env: Record<string, string>,
): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    const running = await start(dataDir, port, false, env);
    wall.push(running.readyMs);
    cpu.push(processCpuMs(running.child.pid!));
    await stop(running);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

/** The same starts on a store with nothing in it: the baseline of the same run. */
async function emptyColdStart(port: number, env: Record<string, string>, fresh: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-growth-empty-'));
  try {
    if (fresh) await stop(await start(dataDir, port, true, env));
    return await coldStart(dataDir, port, env);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureSize(
  storeName: StoreName,
  size: number,
  open: () => Promise<{ store: Store; env: Record<string, string>; dataDir: string }>,
  baseline: Map<string, number>,
  budgetMs: number,
): Promise<void> {
  const label = `${storeName}`;
  const { store, env, dataDir } = await open();
  const concurrency = storeName === 'postgres' ? 64 : 50;
  const built = await buildStore(store, size, concurrency, budgetMs);
  await store.close();
  report({
    figure: `growth.${label}.build`,
    customerMessagesAsked: size,
    customerMessages: built.customerMessages,
    conversations: built.conversations,
    seconds: round(built.ms / 1_000),
    customerMsgPerSec: round(built.perSecond, 0),
    resentAfterSerializationFailure: built.resent,
    concurrency,
    ...(built.customerMessages < size
      ? { note: `stopped at the ${round(budgetMs / 1_000, 0)} s budget` }
      : {}),
  });
  const reached = built.customerMessages;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  // The first start creates the owner account (ADMIN_*); the cold starts then open an existing store.
  await stop(await start(dataDir, port, true, env));
  const cold = await coldStart(dataDir, port, env);
  // The baseline of the same run: the same starts on an embedded store with nothing in it.
  const empty = await emptyColdStart(port, {}, true);
  const coldMs = cold.wall[1]!;
  report({
    figure: `growth.${label}.cold_start`,
    customerMessages: reached,
    ms: round(coldMs),
    runsMs: cold.wall.map((ms) => round(ms)),
    cpuMs: cold.cpu[1],
    emptyEmbeddedStoreMs: round(empty.wall[1]!),
    emptyEmbeddedStoreCpuMs: empty.cpu[1],
    ratioToEmptyEmbeddedStore: round(coldMs / empty.wall[1]!, 2),
    target: `<= ${COLD_TARGET_MS} ms`,
    meetsTarget: coldMs <= COLD_TARGET_MS,
  });
  const running = await start(dataDir, port, true, env);
  try {
    await measureReads(running, reached === size ? size : reached, baseline, label);
  } finally {
    await stop(running);
  }
}

async function runOn(storeName: StoreName, sizes: number[], budgetMs: number): Promise<void> {
  const baseline = new Map<string, number>();
  for (const size of sizes) {
    if (storeName === 'embedded') {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-growth-'));
      try {
        await measureSize(
          storeName,
          size,
          async () => ({ store: await createEmbeddedStore({ dataDir }), env: {}, dataDir }),
          baseline,
          budgetMs,
        );
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    } else {
      await withDatabase(async (url) => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-growth-pg-'));
        try {
          await measureSize(
            storeName,
            size,
            async () => ({
              store: await createPostgresStore({ url }),
              env: { DATABASE_URL: url, ...SECRET },
              dataDir,
            }),
            baseline,
            budgetMs,
          );
        } finally {
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      });
    }
  }
}

/** The reads and cold start of a PostgreSQL store built by an earlier run (no 20,000 baseline). */
async function measureExisting(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("SELECT count(*) AS n FROM messages WHERE sender_type = 'contact'");
  await client.end();
  const size = Number(rows[0].n);
  const env = { DATABASE_URL: url, ...SECRET };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-growth-pg-'));
  try {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    await stop(await start(dataDir, port, true, env));
    const cold = await coldStart(dataDir, port, env);
    report({
      figure: 'growth.postgres.cold_start',
      customerMessages: size,
      ms: round(cold.wall[1]!),
      runsMs: cold.wall.map((ms) => round(ms)),
      cpuMs: cold.cpu[1],
      target: `<= ${COLD_TARGET_MS} ms`,
      meetsTarget: cold.wall[1]! <= COLD_TARGET_MS,
    });
    const running = await start(dataDir, port, true, env);
    try {
      await measureReads(running, size, new Map(), 'postgres');
    } finally {
      await stop(running);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runGrowth(): Promise<void> {
  const existing = option('database-url');
  if (existing) return measureExisting(existing);
  const messages = Number(option('messages') ?? 1_000_000);
  const which = option('store') ?? 'both';
  if (!['embedded', 'postgres', 'both'].includes(which))
    throw new Error('--store: embedded, postgres or both');
  if (!Number.isInteger(messages) || messages < 1_000) throw new Error('--messages: a whole number >= 1000');
  const budgetMs = Number(option('budget-s') ?? 1_500) * 1_000;
  const sizes = messages > 20_000 ? [20_000, messages] : [messages];
  if (which !== 'postgres') await runOn('embedded', sizes, Number.POSITIVE_INFINITY);
  if (which !== 'embedded') await runOn('postgres', sizes, budgetMs);
}
