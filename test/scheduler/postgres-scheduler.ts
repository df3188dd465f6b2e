/**
 * Kora's Scheduler on PostgreSQL for the tests: Agenda through `createSchedulerBackend` (the app's own
 * factory) on its own pool, and a campaign service that only records which slots ran where. The
 * maintenance jobs need a store: an in-memory embedded one (jobs live in PostgreSQL all the same).
 */
import type { SlotControl, SlotOutcome } from '../../core/campaigns/dispatch.js';
import type { CampaignService } from '../../core/campaigns/service.js';
import { silentLogger } from '../../core/logger.js';
import type { Store } from '../../core/repositories.js';
import { createSchedulerBackend } from '../../scheduler/backend.js';
import { Scheduler } from '../../scheduler/scheduler.js';
import { createPostgresPool, withSchemaLock } from '../../server/postgres/pool.js';
import { createEmbeddedStore } from '../../storage/index.js';

export type SlotHandler = (campaignId: string, slot: number, control: SlotControl) => Promise<SlotOutcome>;

export interface PostgresScheduler {
  scheduler: Scheduler;
  stop(): Promise<void>;
}

export async function startPostgresScheduler(
  url: string,
  runSlot: SlotHandler,
  options: {
    lockLifetimeMs?: number;
    processEveryMs?: number;
    /** Recurring jobs attached before the start, as the app attaches its own. */
    recurring?: { name: string; everyMs: number; work: () => Promise<unknown> }[];
  } = {},
): Promise<PostgresScheduler> {
  const pool = createPostgresPool(url, silentLogger, 4);
  const store: Store = await createEmbeddedStore({ filename: ':memory:' });
  const backend = await createSchedulerBackend({
    store,
    postgres: { pool, schemaLock: (work) => withSchemaLock(pool, work) },
  });
  const { recurring = [], ...schedulerOptions } = options;
  const scheduler = new Scheduler({ store, backend, logger: silentLogger, ...schedulerOptions });
  for (const job of recurring) scheduler.attachRecurring(job.name, job.everyMs, job.work);
  const service = { resume: async () => 0, runSlot, fail: async () => {} };
  scheduler.attachCampaigns(service as unknown as CampaignService);
  await scheduler.start();
  return {
    scheduler,
    async stop() {
      await scheduler.stop();
      await store.close();
      await pool.end();
    },
  };
}
