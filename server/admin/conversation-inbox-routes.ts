/**
 * The coach's inbox tools on one conversation (issue 19; marking it read: coach-read-routes.ts): private
 * notes, the agent in charge, open / resolved, and the customer beside the thread.
 */
import { Router } from 'express';
import { z } from 'zod';
import { coachConversation } from '../../core/coach.js';
import { ValidationError } from '../../core/errors.js';
import type { InboxSummary } from '../../core/inbox-types.js';
import { postNote } from '../../core/notes.js';
import type { AdminUser } from '../../core/types.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';
import { contactPanel } from './contact-panel.js';

export const noteSchema = z.strictObject({
  text: z
    .string()
    .max(4_096)
    .refine((text) => text.trim().length > 0, 'must not be empty'),
});
export const assignSchema = z.strictObject({ userId: z.string().min(1).max(100).nullable() });
export const statusSchema = z.strictObject({ status: z.enum(['open', 'resolved']) });

/** The summary without this agent's unread count, as every agent is told of a change. */
async function sharedSummary(deps: AdminDeps, id: string): Promise<Omit<InboxSummary, 'unread'>> {
  const { unread: _unread, ...summary } = (await deps.store.inbox.summaries('', [id]))[id]!;
  return summary;
}

export function conversationInboxRoutes(deps: AdminDeps): Router {
  const router = Router();
  const user = (res: { locals: Record<string, unknown> }) => res.locals.user as AdminUser;

  router.post('/:id/notes', async (req, res) => {
    const { text } = parseInput(noteSchema, req.body);
    const author = user(res);
    const note = await postNote(deps, req.params.id, { id: author.id, name: author.name }, text);
    await audit(deps, actorOf(req, res), 'conversations.note', req.params.id);
    res.status(201).json(note);
  });
  router.post('/:id/assign', async (req, res) => {
    const { userId } = parseInput(assignSchema, req.body);
    await coachConversation(deps.store, req.params.id);
    if (userId !== null && !(await deps.store.adminUsers.get(userId)))
      throw new ValidationError('userId: no such user', 'userId');
    await deps.store.inbox.assign(req.params.id, userId);
    await audit(deps, actorOf(req, res), 'conversations.assign', req.params.id, { userId });
    const summary = await sharedSummary(deps, req.params.id);
    deps.events.emit('inbox', { conversationId: req.params.id, change: 'assigned', summary });
    res.json(summary);
  });
  router.post('/:id/status', async (req, res) => {
    const { status } = parseInput(statusSchema, req.body);
    await coachConversation(deps.store, req.params.id);
    // Setting the status it has already is no change: nothing to audit nor announce.
    if (await deps.store.inbox.setStatus(req.params.id, status, deps.clock.now().toISOString())) {
      await audit(deps, actorOf(req, res), 'conversations.status', req.params.id, { status });
      const summary = await sharedSummary(deps, req.params.id);
      deps.events.emit('inbox', { conversationId: req.params.id, change: 'status', summary });
    }
    res.json(await sharedSummary(deps, req.params.id));
  });
  router.get('/:id/contact', async (req, res) => {
    const conversation = await coachConversation(deps.store, req.params.id);
    res.json(await contactPanel(deps, conversation, user(res)));
  });
  return router;
}
