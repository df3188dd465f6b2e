/**
 * Agenda runs every timed job: one `campaign-slot` job per (campaign, slot), never one per recipient,
 * and the maintenance jobs (old outbox entries, expired sessions). A slot job keeps its lock alive
 * while it sends; should its process die, Agenda gives it to the next one once the lock lifetime
 * has passed, and the ledger makes the re-run send only what was not sent.
 */
import { Agenda, type AgendaBackend, type Job } from 'agenda';
import type { SlotScheduler } from '../core/campaigns/index.js';
import type { CampaignService } from '../core/campaigns/service.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../core/repositories.js';

export const SLOT_JOB = 'campaign-slot';
export const PURGE_OUTBOX_JOB = 'maintenance:purge-outbox';
export const PURGE_SESSIONS_JOB = 'maintenance:purge-sessions';
/** A rate-limit key idle this long is forgotten by the hourly maintenance (`rateBuckets.forgetIdle`). */
export const RATE_BUCKET_IDLE_MS = 24 * 3_600_000;
export const BOOKINGS_JOB = 'bookings:sweep';
export const HANDBACK_JOB = 'conversations:hand-back';

export interface SchedulerOptions {
  store: Store;
  backend: AgendaBackend;
  logger: Logger;
  /** How often Agenda looks for due jobs (default 2 s; jobs saved for now run at once anyway). */
  processEveryMs?: number;
  /** A slot job not touched for this long is taken over by another worker (default 60 s). */
  lockLifetimeMs?: number;
  /** Sent and failed outbox entries are kept this long (default 7 days). */
  outboxRetentionMs?: number;
}

/** A unique slot saved by many at once: each conflict means another save got through. */
const SAVE_ATTEMPTS = 5;

/** PostgreSQL's unique violation and deadlock (the codes `pg` errors carry). */
function isSaveConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === '40P01';
}

interface SlotData {
  campaignId: string;
  slot: number;
}

export interface SchedulerHealth {
  ok: boolean;
  backend: string;
  running: boolean;
  queued?: number;
  error?: string;
}

export class Scheduler implements SlotScheduler {
  readonly agenda: Agenda;
  readonly backendName: string;
  #campaigns: CampaignService | null = null;
  #running = false;
  #stopping = false;

  constructor(private readonly options: SchedulerOptions) {
    this.backendName = options.backend.name;
    this.agenda = new Agenda({
      backend: options.backend,
      name: `kora-${process.pid}`,
      processEvery: options.processEveryMs ?? 2_000,
      defaultLockLifetime: options.lockLifetimeMs ?? 60_000,
    });
    this.agenda.on('error', (error: Error) => options.logger.error({ err: error }, 'scheduler error'));
    this.#defineMaintenance();
  }

  /** The campaigns whose slots the `campaign-slot` jobs run. */
  attachCampaigns(campaigns: CampaignService): void {
    this.#campaigns = campaigns;
    const lockLifetime = this.options.lockLifetimeMs ?? 60_000;
    this.agenda.define(SLOT_JOB, (job: Job<SlotData>) => this.#runSlot(job, lockLifetime), {
      lockLifetime,
      concurrency: 4,
    });
  }

  /**
   * A job the installation runs every `everyMs` (the bookings' sweep, the automatic hand-back): one
   * job row however many processes there are, locked by whichever runs it; the work must be harmless
   * to run again (ledgers, conditional updates).
   */
  attachRecurring(name: string, everyMs: number, work: () => Promise<unknown>): void {
    this.#recurring.set(name, everyMs);
    this.agenda.define(name, async () => {
      await work();
    });
  }

  readonly #recurring = new Map<string, number>();

  async start(): Promise<void> {
    // The recurring jobs are saved before the job processor starts, each its own row (an upsert by
    // name on PostgreSQL), all at once: after it, they waited on its first scans and published a
    // notification each (~45 ms of a PostgreSQL start on a quiet 2-core machine, ~25 ms this way).
    await Promise.all([
      this.agenda.every('1 hour', PURGE_OUTBOX_JOB),
      this.agenda.every('1 hour', PURGE_SESSIONS_JOB),
      ...[...this.#recurring].map(([name, everyMs]) => this.agenda.every(everyMs, name)),
    ]);
    await this.agenda.start();
    this.#running = true;
    const resumed = (await this.#campaigns?.resume()) ?? 0;
    if (resumed > 0) this.options.logger.info({ count: resumed }, 'campaigns resumed');
  }

  /** Running slot jobs stop between two sends (and run again at the next start); others wait. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#stopping = true;
    this.#running = false;
    await this.agenda.drain({ timeout: 10_000 });
  }

  async scheduleSlot(campaignId: string, slot: number, at: Date): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.agenda
          .create<SlotData>(SLOT_JOB, { campaignId, slot })
          .unique({ 'data.campaignId': campaignId, 'data.slot': slot })
          .schedule(at)
          .save();
        return;
      } catch (error) {
        // PostgreSQL: a racing save of the same slot won (unique index, postgres-backend.ts); saving
        // again updates its row.
        if (attempt >= SAVE_ATTEMPTS || !isSaveConflict(error)) throw error;
      }
    }
  }

  async cancelCampaign(campaignId: string): Promise<void> {
    await this.agenda.cancel({ name: SLOT_JOB, data: { campaignId } });
  }

  async health(): Promise<SchedulerHealth> {
    const base = { backend: this.backendName, running: this.#running };
    try {
      return { ok: this.#running, ...base, queued: await this.agenda.db.getQueueSize() };
    } catch (error) {
      return { ok: false, ...base, error: error instanceof Error ? error.message : String(error) };
    }
  }

  async #runSlot(job: Job<SlotData>, lockLifetime: number): Promise<void> {
    const { campaignId, slot } = job.attrs.data;
    const campaigns = this.#campaigns!;
    let touchedAt = Date.now();
    const control = {
      stopping: () => this.#stopping,
      touch: async () => {
        // Often enough to keep the lock, rarely enough to cost nothing.
        if (Date.now() - touchedAt < lockLifetime / 5) return;
        touchedAt = Date.now();
        await job.touch().catch((error: unknown) => {
          this.options.logger.debug({ err: error, campaignId }, 'slot job lock not renewed (job removed?)');
        });
      },
    };
    try {
      const outcome = await campaigns.runSlot(campaignId, slot, control);
      // Stopped by a shutdown: run again at the next start, from where the ledger stands.
      if (outcome === 'stopped') job.attrs.nextRunAt = new Date();
      // The campaign's quiet hours began: the rest of the slot goes when they end.
      if (typeof outcome === 'object') {
        job.attrs.nextRunAt = outcome.resumeAt;
        this.options.logger.info(
          { campaignId, slot, resumeAt: outcome.resumeAt.toISOString() },
          'campaign paused for its quiet hours',
        );
      }
    } catch (error) {
      this.options.logger.error({ err: error, campaignId, slot }, 'campaign slot failed');
      await campaigns.fail(campaignId, {
        code: 'slot_failed',
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }

  #defineMaintenance(): void {
    const { store, logger } = this.options;
    const retention = this.options.outboxRetentionMs ?? 7 * 24 * 3_600_000;
    this.agenda.define(PURGE_OUTBOX_JOB, async () => {
      const removed = await store.outbox.purgeDone(new Date(Date.now() - retention).toISOString());
      if (removed > 0) logger.info({ removed }, 'old outbox entries purged');
      // Reports held for a message whose provider id was never recorded.
      await store.earlyReports.purge(new Date().toISOString());
      // Rate limits' keys idle for a day (a chat written once, a campaign ended) are full again: a row
      // each would otherwise stay for good. No limit saves up more than a day of tokens.
      const forgotten = await store.rateBuckets.forgetIdle(Date.now() - RATE_BUCKET_IDLE_MS);
      if (forgotten > 0) logger.info({ forgotten }, 'idle rate-limit keys forgotten');
    });
    this.agenda.define(PURGE_SESSIONS_JOB, async () => {
      const removed = await store.sessions.deleteExpired(new Date().toISOString());
      if (removed > 0) logger.info({ removed }, 'expired sessions purged');
    });
  }
}
