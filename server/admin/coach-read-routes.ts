/**
 * POST /api/admin/conversations/:id/read {messageId?} (issue 19): this agent has read the conversation
 * (their unread count in the inbox goes to 0; 204). With `messageId`, the panel also shows the coach
 * the thread up to that message: the coach's read marker moves forward only, and when it moves the
 * customer's web chat turns their messages up to it to ✓✓ read, live (and after a reload, from
 * `history`); the answer is then `{moved}`. One route for both: the inbox and the ticks are one act.
 */
import { Router } from 'express';
import { z } from 'zod';
import { coachConversation } from '../../core/coach.js';
import { NotFoundError } from '../../core/errors.js';
import { parseInput } from '../http/validate.js';
import type { AdminDeps } from './context.js';
import type { AdminUser } from '../../core/types.js';

export const coachReadSchema = z.strictObject({ messageId: z.string().trim().min(1).max(100).optional() });

export function coachReadRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.post('/:id/read', async (req, res) => {
    const { messageId } = parseInput(coachReadSchema, req.body ?? {});
    const conversation = await coachConversation(deps.store, req.params.id);
    const user = res.locals.user as AdminUser;
    await deps.store.inbox.markRead(user.id, conversation.id, deps.clock.now().toISOString());
    if (messageId === undefined) {
      res.status(204).end();
      return;
    }
    const message = await deps.store.messages.get(messageId);
    if (message?.conversationId !== conversation.id)
      throw new NotFoundError('message not found', 'messageId');
    const now = deps.clock.now().toISOString();
    const moved = await deps.store.coachReads.markRead(conversation.id, messageId, now);
    if (moved) deps.events.emit('coach:read', { conversationId: conversation.id, messageId });
    res.json({ moved });
  });
  return router;
}
