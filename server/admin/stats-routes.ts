/** GET /api/admin/stats: the figures the dashboard shows. For now: AI usage per day and provider (30 days). */
import { Router } from 'express';
import type { AdminDeps } from './context.js';

export function statsRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const since = new Date(deps.clock.now().getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
    res.json({ aiUsage: await deps.store.aiUsage.list(since) });
  });
  return router;
}
