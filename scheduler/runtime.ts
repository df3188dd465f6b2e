/**
 * Campaigns and the scheduler put together for the composition root: the Agenda backend (PostgreSQL
 * when Kora runs on it, else the embedded store), the slot and maintenance jobs, the campaign
 * service and the channel pacing that listens for providers' 429s.
 */
import type { ChannelRegistry } from '../core/channels.js';
import { CampaignService, ChannelPacer } from '../core/campaigns/index.js';
import type { EventBus } from '../core/events.js';
import type { Clock, IdGenerator } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { Outbox } from '../core/outbox.js';
import type { RateSpec } from '../core/rate-limiter.js';
import type { RateLimits } from '../core/rate-limits.js';
import type { Store } from '../core/repositories.js';
import type { ChannelName } from '../core/types.js';
import { createSchedulerBackend } from './backend.js';
import type { PostgresSchedulerOptions } from './postgres-backend.js';
import { Scheduler } from './scheduler.js';

export interface CampaignRuntimeOptions {
  /** How often Agenda looks for due jobs (default 2 s). */
  processEveryMs?: number;
  /** A slot job not touched for this long goes to another worker (default 60 s). */
  lockLifetimeMs?: number;
  /** How long a sender holds the ledger rows it claimed (default 60 s). */
  leaseMs?: number;
  /** Channel limits instead of the providers' published ones (a test provider's own limit). */
  channelRates?: Partial<Record<ChannelName, RateSpec | null>>;
}

export interface CampaignRuntimeDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  events: EventBus;
  outbox: Outbox;
  logger: Logger;
  registry: ChannelRegistry;
  timeZone: string;
  publicUrl: string;
  /** Limits every process shares (several processes on PostgreSQL); unset, this process's buckets. */
  rateLimits?: RateLimits;
  /** Set: Agenda's jobs in PostgreSQL. */
  postgres?: PostgresSchedulerOptions;
}

export interface CampaignRuntime {
  scheduler: Scheduler;
  campaigns: CampaignService;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createCampaignRuntime(
  deps: CampaignRuntimeDeps,
  options: CampaignRuntimeOptions = {},
): Promise<CampaignRuntime> {
  const backend = await createSchedulerBackend({ store: deps.store, postgres: deps.postgres });
  const scheduler = new Scheduler({
    store: deps.store,
    backend,
    logger: deps.logger,
    processEveryMs: options.processEveryMs,
    lockLifetimeMs: options.lockLifetimeMs,
  });
  const pacer = new ChannelPacer(
    (channel) =>
      options.channelRates && channel in options.channelRates
        ? (options.channelRates[channel] ?? null)
        : deps.registry.rateOf(channel),
    (channel) => deps.registry.groupRateOf(channel),
    deps.rateLimits,
  );
  const campaigns = new CampaignService({
    ...deps,
    pacer,
    scheduler,
    leaseMs: options.leaseMs,
    channelEnabled: (channel) => deps.registry.has(channel),
    channels: deps.registry.directory,
  });
  scheduler.attachCampaigns(campaigns);
  let unsubscribe: (() => void) | null = null;
  return {
    scheduler,
    campaigns,
    async start() {
      unsubscribe = deps.events.on('channel:throttled', ({ channel, untilMs }) => {
        // Shared: written to the channel's row for every process (a failed write only logs).
        void Promise.resolve(pacer.pause(channel, untilMs)).catch((error: unknown) =>
          deps.logger.warn({ err: error, channel }, 'pausing campaign sends failed'),
        );
      });
      campaigns.start();
      await scheduler.start();
    },
    async stop() {
      await scheduler.stop();
      campaigns.stop();
      unsubscribe?.();
    },
  };
}
