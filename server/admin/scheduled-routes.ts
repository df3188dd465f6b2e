/** "Send later" on one conversation: schedule a message (a time in TIMEZONE), list them, cancel one. */
import { Router } from 'express';
import { z } from 'zod';
import { parseScheduleTime } from '../../core/campaigns/schedule.js';
import { coachConversation } from '../../core/coach.js';
import { ValidationError } from '../../core/errors.js';
import { cancelScheduled } from '../../core/scheduled-replies.js';
import type { AdminUser } from '../../core/types.js';
import type { ScheduledReplies } from '../scheduled-replies.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';
import { noteSchema } from './conversation-inbox-routes.js';

/** `sendAt`: an ISO instant, or a local date-time ("2026-12-24T09:00") read in the business's TIMEZONE. */
export const scheduleSchema = noteSchema.extend({ sendAt: z.string().min(1).max(40) });

export function scheduledRoutes(deps: AdminDeps, replies: ScheduledReplies): Router {
  const router = Router();
  router.get('/:id/scheduled', async (req, res) => {
    await coachConversation(deps.store, req.params.id);
    res.json({ items: await deps.store.scheduledMessages.listForConversation(req.params.id) });
  });
  router.post('/:id/scheduled', async (req, res) => {
    const input = parseInput(scheduleSchema, req.body);
    const sendAt = parseScheduleTime(input.sendAt, deps.timeZone);
    if (!sendAt) throw new ValidationError('sendAt: not a date and time', 'sendAt');
    const author = res.locals.user as AdminUser;
    const scheduled = await replies.schedule(
      req.params.id,
      { id: author.id, name: author.name },
      input.text,
      sendAt,
    );
    await audit(deps, actorOf(req, res), 'conversations.schedule', req.params.id, {
      id: scheduled.id,
      sendAt: scheduled.sendAt,
    });
    res.status(201).json(scheduled);
  });
  router.delete('/:id/scheduled/:scheduledId', async (req, res) => {
    const cancelled = await cancelScheduled(replies.deps, req.params.id, req.params.scheduledId);
    await audit(deps, actorOf(req, res), 'conversations.unschedule', req.params.id, { id: cancelled.id });
    res.json(cancelled);
  });
  return router;
}
