/**
 * The coach's view of conversations: list (kind and handoff filters, pages), messages (newest page,
 * `before` cursor), answering, and taking over / handing back. Search arrives with the inbox work.
 */
import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import type { AdminUser } from '../../core/types.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';
import { pageFields } from './schemas.js';

const listQuery = z.strictObject({
  kind: z.enum(['assistant', 'group', 'direct']).optional(),
  handoff: z.enum(['true', 'false']).optional(),
  ...pageFields,
});
const messagesQuery = z.strictObject({
  before: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const coachMessageSchema = z.strictObject({
  text: z
    .string()
    .max(4_096)
    .refine((text) => text.trim().length > 0, 'must not be empty'),
});
export const handoffSchema = z.strictObject({ active: z.boolean() });

export function conversationRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(listQuery, { ...req.query });
    const page = await deps.store.conversations.list({
      kind: query.kind,
      handoff: query.handoff === undefined ? undefined : query.handoff === 'true',
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
    });
    res.json({ ...page, page: query.page, limit: query.limit });
  });
  router.get('/:id/messages', async (req, res) => {
    const query = parseInput(messagesQuery, { ...req.query });
    if (!(await deps.store.conversations.get(req.params.id)))
      throw new NotFoundError('conversation not found');
    res.json({ items: await deps.store.messages.list(req.params.id, query) });
  });
  router.get('/:id/payment-links', async (req, res) => {
    if (!(await deps.store.conversations.get(req.params.id)))
      throw new NotFoundError('conversation not found');
    res.json({ items: await deps.store.trackedLinks.listForConversation(req.params.id) });
  });
  router.post('/:id/messages', async (req, res) => {
    const { text } = parseInput(coachMessageSchema, req.body);
    const user = res.locals.user as AdminUser;
    const message = await deps.engine.postAsCoach(req.params.id, { id: user.id, name: user.name }, text);
    await audit(deps, actorOf(req, res), 'conversations.message', req.params.id);
    res.status(201).json(message);
  });
  router.post('/:id/handoff', async (req, res) => {
    const { active } = parseInput(handoffSchema, req.body);
    const conversation = await deps.engine.setHandoff(req.params.id, active);
    await audit(deps, actorOf(req, res), 'conversations.handoff', req.params.id, { active });
    res.json(conversation);
  });
  return router;
}
