/**
 * POST /api/admin/conversations/:id/read {messageId}: the panel shows the coach the conversation up to
 * that message (issue 19). The coach's read marker moves forward only; when it moves, the customer's
 * web chat turns their messages up to it to ✓✓ read, live (and after a reload, from `history`).
 */
import { Router } from 'express';
import { z } from 'zod';
import { coachConversation } from '../../core/coach.js';
import { NotFoundError } from '../../core/errors.js';
import { parseInput } from '../http/validate.js';
import type { AdminDeps } from './context.js';

export const coachReadSchema = z.strictObject({ messageId: z.string().trim().min(1).max(100) });

export function coachReadRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.post('/:id/read', async (req, res) => {
    const { messageId } = parseInput(coachReadSchema, req.body);
    const conversation = await coachConversation(deps.store, req.params.id);
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
