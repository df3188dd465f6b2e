/**
 * Agenda wakes each "send later" message at its time: one job per message, unique on its id (saving
 * it twice keeps one). The job only wakes the row up (core/scheduled-replies.ts decides whether it
 * still goes), so a cancelled message's job runs and sends nothing, and a restart loses nothing: the
 * jobs are stored, and `resume` re-arms every pending row at start (a store copied to PostgreSQL
 * brings its rows, not its jobs).
 */
import type { Agenda, Job } from 'agenda';
import type { Logger } from '../core/logger.js';
import type { Store } from '../core/repositories.js';

export const SCHEDULED_REPLY_JOB = 'scheduled-reply';

interface ReplyData {
  id: string;
}

export interface ScheduledReplyJobs {
  schedule(id: string, at: Date): Promise<void>;
  /** Re-arms every message still to send (at start). */
  resume(): Promise<number>;
}

export function defineScheduledReplyJob(
  agenda: Agenda,
  store: Store,
  logger: Logger,
  send: (id: string) => Promise<void>,
): ScheduledReplyJobs {
  agenda.define(SCHEDULED_REPLY_JOB, async (job: Job<ReplyData>) => {
    await send(job.attrs.data.id);
  });
  const schedule = async (id: string, at: Date) => {
    await agenda.create<ReplyData>(SCHEDULED_REPLY_JOB, { id }).unique({ 'data.id': id }).schedule(at).save();
  };
  return {
    schedule,
    async resume() {
      const pending = await store.scheduledMessages.listPending(10_000);
      for (const row of pending) {
        await schedule(row.id, new Date(row.sendAt)).catch((error: unknown) => {
          logger.error({ err: error, id: row.id }, 're-arming a scheduled message failed');
        });
      }
      return pending.length;
    },
  };
}
