/**
 * The coach's view of conversations: list (search, kind, handoff and waiting filters, pages), messages (newest
 * page, `before` cursor), answering, and taking over / handing back. Members' private conversations
 * are not the coach's: they are neither listed nor readable here (`not_found`).
 */
import { markCampaignMessages } from './campaign-marks.js';
import { Router } from 'express';
import { z } from 'zod';
import { coachConversation } from '../../core/coach.js';
import type { AdminUser, Conversation } from '../../core/types.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { requireGroupsFor } from './channel-availability.js';
import { type AdminDeps, audit } from './context.js';
import { inboxFilter, withInbox } from './inbox-list.js';
import { pageFields } from './schemas.js';

const listQuery = z.strictObject({
  query: z.string().max(200).optional(),
  kind: z.enum(['assistant', 'group']).optional(),
  handoff: z.enum(['true', 'false']).optional(),
  /** Waiting for the coach: a question left to them, or held with the customer's message newest. */
  waiting: z.enum(['true', 'false']).optional(),
  /** The agent in charge: `me`, `none` (unassigned), or a user id. */
  assignee: z.string().min(1).max(100).optional(),
  status: z.enum(['open', 'resolved']).optional(),
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

/** The coach's conversations: every one but members' private ones. */
const COACH_KINDS: Conversation['kind'][] = ['assistant', 'group'];

export function conversationRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(listQuery, { ...req.query });
    const page = await deps.store.conversations.list({
      kind: query.kind,
      kinds: COACH_KINDS,
      query: query.query,
      handoff: query.handoff === undefined ? undefined : query.handoff === 'true',
      waiting: query.waiting === undefined ? undefined : query.waiting === 'true',
      ...inboxFilter(query, res.locals.user as AdminUser),
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
    });
    const items = await withInbox(deps, page, (res.locals.user as AdminUser).id, query.query);
    const { matches: _matches, ...listed } = page;
    res.json({ ...listed, items, page: query.page, limit: query.limit });
  });
  router.get('/:id/messages', async (req, res) => {
    const query = parseInput(messagesQuery, { ...req.query });
    await coachConversation(deps.store, req.params.id);
    // The coach's thread holds the team's private notes too, and marks campaign messages.
    const items = await deps.store.messages.list(req.params.id, { ...query, includeNotes: true });
    res.json({ items: await markCampaignMessages(deps.store, items) });
  });
  router.get('/:id/payment-links', async (req, res) => {
    await coachConversation(deps.store, req.params.id);
    res.json({ items: await deps.store.trackedLinks.listForConversation(req.params.id) });
  });
  router.post('/:id/messages', async (req, res) => {
    const { text } = parseInput(coachMessageSchema, req.body);
    await requireGroupsFor(deps.channels, deps.store, req.params.id);
    const user = res.locals.user as AdminUser;
    const message = await deps.engine.postAsCoach(req.params.id, { id: user.id, name: user.name }, text);
    await audit(deps, actorOf(req, res), 'conversations.message', req.params.id);
    res.status(201).json(message);
  });
  router.post('/:id/handoff', async (req, res) => {
    const { active } = parseInput(handoffSchema, req.body);
    const user = res.locals.user as AdminUser;
    const coach = { id: user.id, name: user.name };
    const conversation = await deps.engine.setHandoff(req.params.id, active, coach);
    await audit(deps, actorOf(req, res), 'conversations.handoff', req.params.id, { active });
    res.json(conversation);
  });
  return router;
}
