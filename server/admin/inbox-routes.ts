/**
 * `/api/admin/inbox`: what the whole panel shows of the inbox (the unread count in the tab title and
 * the menu), the agents a conversation can be given to, and the team's canned replies.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { CannedReply } from '../../core/inbox-types.js';
import type { AdminUser, Conversation } from '../../core/types.js';
import type { AdminDeps } from './context.js';
import { type ResourceSpec, resourceRoutes } from './resources.js';

/** Past this many unread conversations the panel shows "99+": the count stops there. */
export const UNREAD_LIMIT = 100;
const COACH_KINDS: Conversation['kind'][] = ['assistant', 'group'];

const shortcut = z
  .string()
  .min(1)
  .max(30)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, - and _ only');
const cannedCreate = z.strictObject({ shortcut, text: z.string().trim().min(1).max(4_096) });
const cannedPatch = cannedCreate.partial();

export const cannedReplySpec: ResourceSpec<CannedReply, typeof cannedCreate, typeof cannedPatch> = {
  name: 'canned-replies',
  repo: (deps) => deps.store.cannedReplies,
  createSchema: cannedCreate,
  patchSchema: cannedPatch,
  build: async (deps, input) => {
    const now = deps.clock.now().toISOString();
    return { id: deps.ids.next(), ...input, createdAt: now, updatedAt: now };
  },
  affectsCatalog: false,
};

export function inboxRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/unread', async (_req, res) => {
    const user = res.locals.user as AdminUser;
    const count = await deps.store.inbox.countUnread(user.id, COACH_KINDS, UNREAD_LIMIT);
    res.json({ count, limit: UNREAD_LIMIT });
  });
  router.get('/agents', async (_req, res) => {
    const users = await deps.store.adminUsers.list();
    res.json({ items: users.map(({ id, name, role }) => ({ id, name, role })) });
  });
  router.use('/canned-replies', resourceRoutes(deps, cannedReplySpec));
  return router;
}
