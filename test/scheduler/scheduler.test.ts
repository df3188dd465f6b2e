/**
 * The Agenda side of a slot: what the slot job does with the outcome the campaign service gives, on
 * the embedded backend (a real SQLite store), with a stand-in service that records its calls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SlotOutcome } from '../../core/campaigns/dispatch.js';
import type { CampaignService } from '../../core/campaigns/service.js';
import { silentLogger } from '../../core/logger.js';
import type { Store } from '../../core/repositories.js';
import { EmbeddedBackend } from '../../scheduler/backend.js';
import { PURGE_OUTBOX_JOB, RATE_BUCKET_IDLE_MS, Scheduler } from '../../scheduler/scheduler.js';
import { createEmbeddedStore } from '../../storage/index.js';
import { waitFor } from '../helpers/wait.js';

let store: Store | undefined;
let scheduler: Scheduler | undefined;

afterEach(async () => {
  await scheduler?.stop();
  await store?.close();
  scheduler = undefined;
  store = undefined;
});

/** A scheduler on an in-memory embedded store, polling every 100 ms. */
async function openScheduler(): Promise<Scheduler> {
  store = await createEmbeddedStore({ filename: ':memory:' });
  return new Scheduler({
    store,
    backend: new EmbeddedBackend(store),
    logger: silentLogger,
    processEveryMs: 100,
  });
}

/** Runs one slot job whose service answers `outcomes` in turn; returns when each run started. */
async function runSlotJob(outcomes: SlotOutcome[]) {
  scheduler = await openScheduler();
  const runs: number[] = [];
  const service = {
    resume: async () => 0,
    runSlot: async (): Promise<SlotOutcome> => {
      runs.push(Date.now());
      return outcomes[runs.length - 1] ?? 'done';
    },
    fail: async () => {},
  };
  scheduler.attachCampaigns(service as unknown as CampaignService);
  await scheduler.start();
  await scheduler.scheduleSlot('campaign-1', 0, new Date());
  return runs;
}

describe('the campaign-slot job', () => {
  it('runs again when the quiet hours end, not before', async () => {
    const resumeAt = new Date(Date.now() + 1_200);
    const runs = await runSlotJob([{ resumeAt }, 'done']);
    await waitFor(() => runs.length === 2, 5_000);
    expect(runs[1]).toBeGreaterThanOrEqual(resumeAt.getTime());
    const [job] = (await scheduler!.agenda.queryJobs({ name: 'campaign-slot' })).jobs;
    expect(job?.lastFinishedAt).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toHaveLength(2);
  });

  it('runs once when the slot is done', async () => {
    const runs = await runSlotJob(['done']);
    await waitFor(() => runs.length === 1, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(runs).toHaveLength(1);
  });
});

describe('the hourly maintenance', () => {
  it('forgets the rate-limit keys idle for a day, and only those', async () => {
    scheduler = await openScheduler();
    const now = Date.now();
    await store!.rateBuckets.reserve(
      'telegram:chat:once',
      1_000,
      1_000,
      1,
      now - RATE_BUCKET_IDLE_MS - 60_000,
    );
    await store!.rateBuckets.reserve(
      'telegram:chat:today',
      1_000,
      1_000,
      1,
      now - RATE_BUCKET_IDLE_MS + 60_000,
    );
    await scheduler.start();
    await waitFor(async () => {
      const [job] = (await scheduler!.agenda.queryJobs({ name: PURGE_OUTBOX_JOB })).jobs;
      return job?.lastFinishedAt !== undefined;
    }, 5_000);
    // What is left: the key used within the day.
    expect(await store!.rateBuckets.forgetIdle(Number.MAX_SAFE_INTEGER)).toBe(1);
  });
});

describe('recurring jobs', () => {
  it('runs an attached job at its interval from the start, until the scheduler stops', async () => {
    scheduler = await openScheduler();
    const runs: number[] = [];
    scheduler.attachRecurring('test:recurring', 300, async () => {
      runs.push(Date.now());
    });
    await scheduler.start();
    await waitFor(() => runs.length >= 3, 5_000);
    for (let i = 1; i < runs.length; i++) expect(runs[i]! - runs[i - 1]!).toBeGreaterThanOrEqual(250);
    await scheduler.stop();
    const stoppedAt = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(runs).toHaveLength(stoppedAt);
  });
});
