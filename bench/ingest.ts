/**
 * bench/ingest: web-chat messages in, stored, routed to the offline assistant, reply queued (and
 * handed to the web channel). Baseline in the same run: a bare better-sqlite3 transaction inserting
 * two rows, on a database opened with the store's own settings. The ratio is the figure; the baseline
 * is measured before and after each engine run (see runIngest).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOfflineProvider } from '../core/assistant/offline-provider.js';
import { ChannelRegistry } from '../core/channels.js';
import { createEngine } from '../core/engine.js';
import { EventBus } from '../core/events.js';
import { createUlidGenerator, systemClock } from '../core/ids.js';
import { silentLogger } from '../core/logger.js';
import { createOutbox } from '../core/outbox.js';
import type { Store } from '../core/repositories.js';
import { startCheckpointer } from '../storage/embedded/checkpointer.js';
import { openDatabase } from '../storage/embedded/database.js';
import { createEmbeddedStore } from '../storage/index.js';
import { resending } from './growth-build.js';
import { nowMs, percentile, report, round } from './lib.js';

const made: string[] = [];
const tmp = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kora-bench-${name}-`));
  made.push(dir);
  return dir;
};

/** Removes the benchmark's temporary databases. */
export function cleanupIngest(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** CPU time (user + system) of the last baseline, per transaction: steadier than wall time here. */
export let lastBareCpuUs = 0;

/** Microseconds per transaction of two inserts. */
export async function bareTransaction(count: number): Promise<number> {
  // The same connection settings as Kora's store (WAL, synchronous=NORMAL, cache size, checkpoints in
  // a worker), so the ratio compares the work done, not the configuration.
  const db = openDatabase({ dataDir: tmp('bare'), filename: 'bare.db' });
  const checkpointer = startCheckpointer(db.name);
  db.exec('CREATE TABLE a (id TEXT PRIMARY KEY, body TEXT); CREATE TABLE b (id TEXT PRIMARY KEY, body TEXT)');
  const insertA = db.prepare('INSERT INTO a VALUES (?, ?)');
  const insertB = db.prepare('INSERT INTO b VALUES (?, ?)');
  const tx = db.transaction((i: number) => {
    insertA.run(`a${i}`, 'Combien coûte le cours de méditation ?');
    insertB.run(`b${i}`, 'Cours de méditation — 490 CHF');
  });
  for (let i = 0; i < 1_000; i++) tx(-i - 1); // warm-up
  const start = nowMs();
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) tx(i);
  const perTx = ((nowMs() - start) * 1_000) / count;
  const used = process.cpuUsage(cpu);
  lastBareCpuUs = (used.user + used.system) / count;
  await checkpointer.stop();
  db.close();
  return perTx;
}

export async function seedCatalog(store: Store) {
  const now = new Date().toISOString();
  const offers = [
    ['Cours de méditation', 'Huit semaines pour apprendre à méditer.', 490],
    ['Retraite yoga', 'Un week-end de yoga en montagne.', 890],
    ['Coaching individuel', 'Une heure de coaching en visio.', 150],
  ] as const;
  for (const [name, description, price] of offers) {
    await store.offers.create({
      id: `${name}-id`,
      name,
      kind: 'course',
      description,
      price,
      currency: 'CHF',
      paymentUrl: 'https://pay.example.com/x',
      visible: true,
      createdAt: now,
      updatedAt: now,
    });
  }
  await store.links.create({
    id: 'link',
    name: 'Site',
    mode: 'standard',
    customPrompt: null,
    token: 'bench-link',
    code: 'BENCH1',
    createdAt: now,
    updatedAt: now,
  });
}

/** The engine alone: no socket.io. `conversations` customers write in parallel, one message at a time each. */
export async function engineOnly(
  messages: number,
  conversations: number,
  open: () => Promise<Store> = () => createEmbeddedStore({ dataDir: tmp('engine') }),
  seed = true,
) {
  const store = await open();
  // Several processes on one database: the parent seeds once.
  if (seed) await seedCatalog(store);
  const ids = createUlidGenerator();
  const events = new EventBus();
  const registry = new ChannelRegistry();
  registry.register({
    name: 'web',
    capabilities: { typing: true, streaming: true, media: true, groups: true },
    start: async () => {},
    stop: async () => {},
    status: () => ({ state: 'ready' }),
    send: async () => ({}),
  });
  const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
  const engine = createEngine({
    store,
    ids,
    clock: systemClock,
    logger: silentLogger,
    events,
    outbox,
    provider: createOfflineProvider(),
    // As server/app.ts runs it: on PostgreSQL each turn also holds its conversation's lease.
    ...(store.kind === 'postgres' ? { turnLease: { holder: `bench-${process.pid}` } } : {}),
  });
  const { ingest, resent } = resending(engine);
  const members: { id: string; conversationId: string }[] = [];
  for (let i = 0; i < conversations; i++) {
    const joined = await ingest({
      type: 'join',
      channel: 'web',
      from: { externalId: '', name: `M${i}` },
      link: 'bench-link',
    });
    if (joined.type !== 'join' || !joined.conversation) throw new Error('join failed');
    members.push({ id: joined.contact.id, conversationId: joined.conversation.id });
  }
  const latencies: number[] = [];
  const perMember = Math.ceil(messages / conversations);
  const writesBefore = mainThreadWrites();
  const start = nowMs();
  const cpu = process.cpuUsage();
  await Promise.all(
    members.map(async (member, m) => {
      for (let i = 0; i < perMember; i++) {
        const t0 = nowMs();
        const result = await ingest({
          type: 'text',
          channel: 'web',
          from: { externalId: member.id },
          conversationId: member.conversationId,
          clientMessageId: `${m}-${i}`,
          text: i % 2 ? 'Combien coûte le cours de méditation ?' : 'Bonjour, la retraite yoga est quand ?',
        });
        if (result.type === 'message') await result.done;
        latencies.push(nowMs() - t0);
      }
    }),
  );
  const elapsed = nowMs() - start;
  const used = process.cpuUsage(cpu);
  const writesAfter = mainThreadWrites();
  await outbox.drain();
  await store.close();
  latencies.sort((a, b) => a - b);
  const total = perMember * conversations;
  return {
    total,
    perSecond: (total / elapsed) * 1_000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    usPerMessage: (elapsed * 1_000) / total,
    cpuUsPerMessage: (used.user + used.system) / total,
    // The main thread's write calls and bytes (WAL frames, temporary files), where Linux counts them.
    writeCallsPerMessage:
      writesAfter && writesBefore ? (writesAfter.calls - writesBefore.calls) / total : null,
    kbWrittenPerMessage:
      writesAfter && writesBefore ? (writesAfter.bytes - writesBefore.bytes) / 1024 / total : null,
    resent: resent(),
  };
}

/** Write calls and bytes of this process's main thread so far (Linux); null elsewhere. */
function mainThreadWrites(): { calls: number; bytes: number } | null {
  try {
    const fields = Object.fromEntries(
      fs
        .readFileSync(`/proc/self/task/${process.pid}/io`, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(': ') as [string, string]),
    );
    return { calls: Number(fields.syscw), bytes: Number(fields.wchar) };
  } catch {
    return null;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

type Run = Awaited<ReturnType<typeof engineOnly>> & { bareUs: number; bareCpuUs: number };

/** The run of median ratio, with the baseline measured around it. */
function engineFigure(name: string, runs: Run[]) {
  const ratioOf = (run: Run) => run.usPerMessage / run.bareUs;
  const best = runs.find((run) => ratioOf(run) === median(runs.map(ratioOf)))!;
  report({
    figure: name,
    runs: runs.length,
    messages: best.total,
    msgPerSec: round(best.perSecond, 0),
    p50Ms: round(best.p50, 3),
    p99Ms: round(best.p99, 3),
    usPerMessage: round(best.usPerMessage, 1),
    bareUsPerTx: round(best.bareUs, 1),
    ratioToBareTx: round(ratioOf(best), 2),
    ratiosOfRuns: runs.map((run) => round(ratioOf(run), 2)),
    cpuUsPerMessage: round(best.cpuUsPerMessage, 1),
    cpuRatioToBareTx: round(best.cpuUsPerMessage / best.bareCpuUs, 2),
    writeCallsPerMessage: best.writeCallsPerMessage === null ? null : round(best.writeCallsPerMessage, 1),
    kbWrittenPerMessage: best.kbWrittenPerMessage === null ? null : round(best.kbWrittenPerMessage, 1),
    target: '>= 5000 msg/s and <= 3x bare tx',
    meetsTarget: best.perSecond >= 5_000 && ratioOf(best) <= 3,
  });
}

/**
 * Three rounds of baseline, engine, baseline, engine, baseline: each engine run is compared with the
 * mean of the baselines measured just before and just after it, so a drift of the machine's speed
 * (tens of percent within minutes on this VM) weighs on both sides alike. Medians are reported.
 */
export async function runIngest(rounds = 3): Promise<void> {
  const bare: number[] = [];
  const bareCpu: number[] = [];
  const measureBare = async () => {
    bare.push(await bareTransaction(20_000));
    bareCpu.push(lastBareCpuUs);
  };
  /** The engine run with the mean of the two baselines around it. */
  const around = async (run: () => ReturnType<typeof engineOnly>): Promise<Run> => {
    const result = await run();
    await measureBare();
    const [before, after] = bare.slice(-2) as [number, number];
    const [cpuBefore, cpuAfter] = bareCpu.slice(-2) as [number, number];
    return { ...result, bareUs: (before + after) / 2, bareCpuUs: (cpuBefore + cpuAfter) / 2 };
  };
  const sequential: Run[] = [];
  const parallel: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    await measureBare();
    sequential.push(await around(() => engineOnly(20_000, 1)));
    parallel.push(await around(() => engineOnly(20_000, 50)));
    cleanupIngest();
  }
  report({
    figure: 'sqlite.bare_tx_2_inserts',
    runs: bare.length,
    unit: 'us/tx',
    value: round(median(bare), 2),
    cpuUs: round(median(bareCpu), 2),
  });
  engineFigure('ingest.engine.one_conversation_sequential', sequential);
  engineFigure('ingest.engine.50_conversations', parallel);
}
