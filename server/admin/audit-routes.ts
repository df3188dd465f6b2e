/**
 * GET /api/admin/audit-log?page=&limit=&userId=&area=&from=&to=: every admin write, newest first
 * (owner only), each with who did it and the name of what it touched (audit-names.ts); filtered by
 * the admin, the action's area (`contacts` for `contacts.*`) and a time range.
 */
import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../http/validate.js';
import { nameAuditEntries } from './audit-names.js';
import type { AdminDeps } from './context.js';
import { pageFields } from './schemas.js';

const instant = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 date-time such as 2026-12-01T00:00:00Z',
});

const listQuery = z.strictObject({
  ...pageFields,
  userId: z.string().trim().min(1).max(100).optional(),
  area: z
    .string()
    .regex(/^[a-z][a-z-]{0,39}$/, 'an area of actions in lower case, such as contacts or campaigns')
    .optional(),
  from: instant.optional(),
  to: instant.optional(),
});

/** The instant in the stored form (UTC, milliseconds, Z), so it compares as text with created_at. */
const utc = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());

export function auditRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { page, limit, userId, area, from, to } = parseInput(listQuery, { ...req.query });
    const result = await deps.store.auditLog.list({
      offset: (page - 1) * limit,
      limit,
      userId,
      area,
      from: utc(from),
      to: utc(to),
    });
    res.json({ items: await nameAuditEntries(deps.store, result.items), total: result.total, page, limit });
  });
  return router;
}
