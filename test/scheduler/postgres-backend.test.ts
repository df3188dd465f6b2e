/**
 * Agenda on PostgreSQL (`@agendajs/postgres-backend`, chosen by scheduler/backend.ts) shared by
 * several Kora schedulers on one database: a slot scheduled from everywhere at once runs once, many
 * slots are spread without a double run, and a slot whose process dies is taken over once its lock
 * lifetime has passed, not while its holder keeps renewing it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { withPostgresDatabase } from '../helpers/postgres.js';
import { waitFor } from '../helpers/wait.js';
import { type PostgresScheduler, type SlotHandler, startPostgresScheduler } from './postgres-scheduler.js';

const database = await withPostgresDatabase();
const running: PostgresScheduler[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((instance) => instance.stop()));
  const client = new pg.Client({ connectionString: database!.url });
  await client.connect();
  await client.query('DELETE FROM agenda_jobs');
  await client.end();
});

async function start(
  runSlot: SlotHandler,
  options: Parameters<typeof startPostgresScheduler>[2] = {},
): Promise<PostgresScheduler> {
  const instance = await startPostgresScheduler(database!.url, runSlot, { processEveryMs: 200, ...options });
  running.push(instance);
  return instance;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!database)('Agenda on PostgreSQL, two schedulers on one database', () => {
  it('runs a recurring job attached by both as one job, one run at a time, at its interval', async () => {
    const runs: { who: string; start: number; end: number }[] = [];
    const job = (who: string) => ({
      name: 'test:recurring',
      everyMs: 400,
      work: async () => {
        const start = Date.now();
        await sleep(100);
        runs.push({ who, start, end: Date.now() });
      },
    });
    const noSlots: SlotHandler = async () => 'done';
    const began = Date.now();
    await Promise.all(['a', 'b'].map((who) => start(noSlots, { recurring: [job(who)] })));
    await sleep(3_000);
    const elapsed = Date.now() - began;
    const { jobs } = await running[0]!.scheduler.agenda.queryJobs({ name: 'test:recurring' });
    expect(jobs).toHaveLength(1);
    runs.sort((x, y) => x.start - y.start);
    // Never two runs at once, and not more often than the interval allows (one per 400 ms at most).
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.start).toBeGreaterThanOrEqual(runs[i - 1]!.end);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed / 400) + 1);
  });

  it('runs a slot scheduled once on exactly one of the two', async () => {
    const runs: string[] = [];
    const record =
      (who: string): SlotHandler =>
      async () => {
        runs.push(who);
        return 'done';
      };
    const [a] = await Promise.all([start(record('a')), start(record('b'))]);
    await a.scheduler.scheduleSlot('campaign-1', 0, new Date());
    await waitFor(() => runs.length >= 1, 10_000);
    await sleep(1_500); // a second run would come within a few polls (200 ms) or at once (NOTIFY)
    expect(runs).toHaveLength(1);
  });

  it('keeps one job for a slot that both schedule 20 times at once, without an error', async () => {
    const idle: SlotHandler = async () => 'done';
    const [a, b] = await Promise.all([start(idle), start(idle)]);
    const later = new Date(Date.now() + 3_600_000);
    const saves = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).scheduler.scheduleSlot('campaign-1', 0, later)),
    );
    expect(saves.filter((save) => save.status === 'rejected')).toEqual([]);
    const { jobs } = await a.scheduler.agenda.queryJobs({ name: 'campaign-slot' });
    expect(jobs).toHaveLength(1);
  });

  it('runs each of 40 slots exactly once between them', async () => {
    const runs = new Map<string, string[]>();
    const record =
      (who: string): SlotHandler =>
      async (campaignId, slot) => {
        const key = `${campaignId}/${slot}`;
        runs.set(key, [...(runs.get(key) ?? []), who]);
        await sleep(50);
        return 'done';
      };
    const [a, b] = await Promise.all([start(record('a')), start(record('b'))]);
    const now = new Date();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).scheduler.scheduleSlot(`campaign-${i}`, 0, now)),
    );
    await waitFor(() => runs.size === 40, 20_000);
    await sleep(1_000);
    expect([...runs.values()].filter((who) => who.length !== 1)).toEqual([]);
  });

  it('hands a slot to the other scheduler at once when its scheduler stops cleanly', async () => {
    const lockLifetimeMs = 30_000;
    let startedOnA = false;
    const a = await start(
      async (_campaignId, _slot, control) => {
        startedOnA = true;
        while (!control.stopping()) await sleep(50);
        return 'stopped';
      },
      { lockLifetimeMs },
    );
    await a.scheduler.scheduleSlot('campaign-1', 0, new Date());
    await waitFor(() => startedOnA, 10_000);
    const runsOnB: number[] = [];
    await start(
      async () => {
        runsOnB.push(Date.now());
        return 'done';
      },
      { lockLifetimeMs },
    );
    const stoppedAt = Date.now();
    running.splice(running.indexOf(a), 1);
    await a.stop();
    await waitFor(() => runsOnB.length === 1, 10_000);
    expect(runsOnB[0]! - stoppedAt).toBeLessThan(lockLifetimeMs / 3);
  });

  it('takes over a slot whose process was killed after its lock lifetime, not while it was renewed', async () => {
    const lockLifetimeMs = 1_000;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/scheduler/postgres-slot-worker.ts', database!.url, String(lockLifetimeMs)],
      { cwd: path.join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      await waitFor(() => out.includes('RUNNING'), 20_000);
      const takenOver: number[] = [];
      const survivor = await start(
        async () => {
          takenOver.push(Date.now());
          return 'done';
        },
        { lockLifetimeMs },
      );
      // Three lock lifetimes while the holder lives and renews its lock: nobody else runs the slot.
      await sleep(3 * lockLifetimeMs);
      expect(takenOver).toEqual([]);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const [job] = (await survivor.scheduler.agenda.queryJobs({ name: 'campaign-slot' })).jobs;
      const lastLock = job?.lockedAt ? new Date(job.lockedAt).getTime() : Number.NaN;
      await waitFor(() => takenOver.length === 1, 10_000);
      expect(takenOver[0]! - lastLock).toBeGreaterThanOrEqual(lockLifetimeMs - 50);
      await sleep(1_000);
      expect(takenOver).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);
});
