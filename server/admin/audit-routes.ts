/** GET /api/admin/audit-log?page=&limit=: every admin write, newest first (owner only). */
import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../http/validate.js';
import type { AdminDeps } from './context.js';
import { pageFields } from './schemas.js';

const pageQuery = z.strictObject({
  ...pageFields,
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
