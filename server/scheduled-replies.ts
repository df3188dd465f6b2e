/** "Send later" put together: core's rules (core/scheduled-replies.ts) woken by an Agenda job per message. */
import type { Engine } from '../core/engine.js';
import type { EventBus } from '../core/events.js';
import type { Clock, IdGenerator } from '../core/ids.js';
import type { ScheduledMessage } from '../core/inbox-types.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../core/repositories.js';
import { scheduleReply, type ScheduledReplyDeps, sendScheduled } from '../core/scheduled-replies.js';
import { defineScheduledReplyJob } from '../scheduler/scheduled-reply-job.js';
import type { Scheduler } from '../scheduler/scheduler.js';

export interface ScheduledReplies {
  readonly deps: ScheduledReplyDeps;
  /** Stores the message, then arms its job. */
  schedule(
    conversationId: string,
    author: { id: string; name: string },
    text: string,
    sendAt: Date,
  ): Promise<ScheduledMessage>;
  resume(): Promise<number>;
}

export function createScheduledReplies(parts: {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  events: EventBus;
  engine: Engine;
  scheduler: Scheduler;
  logger: Logger;
}): ScheduledReplies {
  const { store, ids, clock, events, engine, scheduler, logger } = parts;
  const deps: ScheduledReplyDeps = {
    store,
    ids,
    clock,
    events,
    postAsCoach: (conversationId, coach, text) => engine.postAsCoach(conversationId, coach, text),
  };
  const jobs = defineScheduledReplyJob(scheduler.agenda, store, logger, (id) => sendScheduled(deps, id));
  return {
    deps,
    async schedule(conversationId, author, text, sendAt) {
      const scheduled = await scheduleReply(deps, conversationId, author, text, sendAt);
      await jobs.schedule(scheduled.id, sendAt);
      return scheduled;
    },
    resume: () => jobs.resume(),
  };
}
