/**
 * A second process for test/scheduler/postgres-backend.test.ts: schedules one slot job, runs it and
 * keeps its lock renewed (as a slot that sends does) until it is killed. Prints `RUNNING` once it holds it.
 * Usage: node --import tsx test/scheduler/postgres-slot-worker.ts <database url> <lock lifetime ms>
 */
import { startPostgresScheduler } from './postgres-scheduler.js';

const [url, lockLifetime] = process.argv.slice(2);
const running = await startPostgresScheduler(
  url!,
  async (_campaignId, _slot, control) => {
    process.stdout.write('RUNNING\n');
    for (;;) {
      await control.touch();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
  { lockLifetimeMs: Number(lockLifetime), processEveryMs: 200 },
);
await running.scheduler.scheduleSlot('campaign-held', 0, new Date());
