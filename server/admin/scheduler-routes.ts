/** GET /api/admin/scheduler (owner): the scheduler's health, its jobs (newest run first) and counts per job name. */
import { Router } from 'express';
import { z } from 'zod';
import type { Scheduler } from '../../scheduler/scheduler.js';
import { parseInput } from '../http/validate.js';
import { pageFields } from './schemas.js';

const query = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  state: z.enum(['running', 'scheduled', 'queued', 'completed', 'failed', 'repeating', 'paused']).optional(),
  ...pageFields,
});

export function schedulerRoutes(scheduler: Scheduler): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { name, state, page, limit } = parseInput(query, { ...req.query });
    const [health, overview, result] = await Promise.all([
      scheduler.health(),
      scheduler.agenda.getJobsOverview(),
      scheduler.agenda.queryJobs({
        name,
        state,
        sort: { nextRunAt: 'desc', lastRunAt: 'desc' },
        skip: (page - 1) * limit,
        limit,
      }),
    ]);
    const jobs = result.jobs.map((job) => ({
      id: String(job._id),
      name: job.name,
      state: job.state,
      data: job.data,
      nextRunAt: job.nextRunAt ?? null,
      lastRunAt: job.lastRunAt ?? null,
      lastFinishedAt: job.lastFinishedAt ?? null,
      lockedAt: job.lockedAt ?? null,
      failCount: job.failCount ?? 0,
      failReason: job.failReason ?? null,
      repeatInterval: job.repeatInterval ?? null,
      disabled: job.disabled ?? false,
    }));
    res.json({ health, overview, jobs, total: result.total, page, limit });
  });
  return router;
}
