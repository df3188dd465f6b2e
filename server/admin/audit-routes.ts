/** GET /api/admin/audit-log?page=&limit=: every admin write, newest first (owner only). */
import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../http/validate.js';
import type { AdminDeps } from './context.js';

const pageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function auditRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { page, limit } = parseInput(pageQuery, { ...req.query });
    const result = await deps.store.auditLog.list({ offset: (page - 1) * limit, limit });
    res.json({ ...result, page, limit });
  });
  return router;
}
