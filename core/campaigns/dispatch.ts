import type { EventBus } from '../events.js';
import type { Clock, IdGenerator } from '../ids.js';
import type { Logger } from '../logger.js';
import { type OutboundDeps, releaseOutbound } from '../outbound.js';
import { sleep } from '../rate-limiter.js';
import type { Campaign, Delivery, DeliveryView, ErrorInfo } from '../types.js';
import { type GroupContext, writeGroup } from './dispatch-group.js';
import { quietUntil } from './quiet-hours.js';
import { type ChannelPacer, campaignRate, type Reservation } from './rates.js';
import type { ChannelDirectory } from '../channels/directory.js';

export interface DispatchDeps extends OutboundDeps {
  ids: IdGenerator;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  pacer: ChannelPacer;
  /** Whether a channel is on in this process (a row for a channel that is off fails with the reason). */
  channelEnabled: (channel: Delivery['channel']) => boolean;
  /** The channels' descriptor data (identity kinds, capabilities); unset: none known. */
  channels?: ChannelDirectory;
  /** How long a claim holds its rows (default 60 s). */
  leaseMs?: number;
  /** Rows per claim and per transaction at most (default 200). */
  batchSize?: number;
  /** The business's IANA time zone: naive schedule times and quiet hours are read in it. */
  timeZone: string;
}

/** What the slot's job gives the sender: keep the job's lock alive, and whether to stop now. */
export interface SlotControl {
  touch(): Promise<void>;
  stopping(): boolean;
}

/** `resumeAt`: the campaign's quiet hours began; the rest of the slot goes when they end. */
export type SlotOutcome = 'done' | 'stopped' | 'cancelled' | { resumeAt: Date };

interface SendContext extends GroupContext {
  control: SlotControl;
  /** The campaign's own `rate`, when it has one. */
  rate: Reservation | null;
  /** Outside quiet hours until then (ms): they are looked up at most once a second. */
  openUntil: number;
}

/** When the quiet hours holding now end (this slot stops until then), or null: send. */
function quietNow(ctx: SendContext): Date | null {
  const quiet = ctx.campaign.quietHours;
  if (!quiet) return null;
  const now = ctx.deps.clock.now();
  if (now.getTime() < ctx.openUntil) return null;
  const until = quietUntil(now, quiet, ctx.deps.timeZone);
  if (!until) ctx.openUntil = now.getTime() + 1_000;
  return until;
}

export function toView(
  row: Delivery,
  status: DeliveryView['status'],
  error: ErrorInfo | null,
  at: string,
): DeliveryView {
  return {
    id: row.id,
    campaignId: row.campaignId,
    slot: row.slot,
    recipientType: row.recipientType,
    recipientId: row.recipientId,
    channel: row.channel,
    status,
    error,
    messageId: row.messageId,
    conversationId: row.conversationId,
    updatedAt: at,
  };
}

/** One transaction for the group; then the events and the sends (awaited: at most one group in flight). */
async function flush(ctx: SendContext, group: Delivery[]): Promise<void> {
  if (group.length === 0) return;
  const { deps } = ctx;
  const now = deps.clock.now().toISOString();
  // Locking: decided from the claim's conditional updates and the chats it locks (dispatch-group.ts).
  const prepared = await deps.store.transaction((tx) => writeGroup(ctx, tx, group, now), { locking: true });
  const sends: Promise<void>[] = [];
  for (const result of prepared) {
    if ('status' in result) {
      deps.events.emit('delivery', {
        campaignId: result.row.campaignId,
        delivery: toView(result.row, result.status, result.error, now),
      });
      continue;
    }
    if (result.created) {
      const opened = result.created;
      deps.events.emit('conversation', { conversation: opened, change: 'created' });
      // The recipient's open sockets (web chat) join it before the message goes out: a member who is
      // connected gets it live, and what the conversation says next.
      if (opened.contactId)
        deps.events.emit('membership', {
          conversation: opened,
          contactId: opened.contactId,
          change: 'added',
        });
    }
    const view = toView(
      { ...result.row, messageId: result.staged.message.id, conversationId: result.staged.conversation.id },
      'sent',
      null,
      now,
    );
    deps.events.emit('delivery', { campaignId: result.row.campaignId, delivery: view });
    // Paced by sendRows (the channel's limit and the campaign's rate): the adapter does not wait again.
    sends.push(releaseOutbound(deps, result.staged, true));
  }
  await Promise.all(sends);
}

function claimSize(ctx: SendContext, leaseMs: number, batchSize: number): number {
  const { campaign, deps } = ctx;
  const rates = campaign.channels.map((channel) => deps.pacer.rateOf(channel));
  // A conversation target may be a group on any channel that has groups (a linked WhatsApp number's
  // groups too, though its descriptor speaks for Twilio): its channel's and its group posts' pace.
  if (campaign.targets.some((target) => target.type === 'conversation')) {
    for (const channel of deps.channels?.list() ?? []) {
      if (channel.capabilities.groups) rates.push(deps.pacer.rateOf(channel.name));
      rates.push(deps.pacer.groupRateOf(channel.name));
    }
  }
  const slowest = Math.min(campaign.rate ?? Number.POSITIVE_INFINITY, ...rates);
  // A claim must be sent well within its lease, at the slowest pace it may meet.
  return Math.max(1, Math.min(batchSize, Math.floor((slowest * leaseMs) / 1_000 / 2)));
}

/** Sends what is claimable of the slot until nothing is pending, the campaign is cancelled, or a stop. */
export async function sendSlot(
  deps: DispatchDeps,
  campaign: Campaign,
  slot: number,
  links: ReadonlyMap<string, string>,
  control: SlotControl,
): Promise<SlotOutcome> {
  const leaseMs = deps.leaseMs ?? 60_000;
  const batchSize = deps.batchSize ?? 200;
  const ctx: SendContext = {
    deps,
    campaign,
    links,
    token: deps.ids.next(),
    control,
    rate: campaign.rate ? campaignRate(campaign.id, campaign.rate, Date.now(), deps.pacer.shared) : null,
    openUntil: 0,
  };
  const limit = claimSize(ctx, leaseMs, batchSize);
  try {
    for (;;) {
      if (control.stopping()) return 'stopped';
      const fresh = await deps.store.campaigns.get(campaign.id);
      if (!fresh || fresh.status === 'cancelled') return 'cancelled';
      const resumeAt = quietNow(ctx);
      if (resumeAt) return { resumeAt };
      const now = deps.clock.now();
      const rows = await deps.store.deliveries.claim(campaign.id, slot, {
        token: ctx.token,
        now: now.toISOString(),
        leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
        limit,
      });
      if (rows.length === 0) {
        const { pending, nextExpiry } = await deps.store.deliveries.pendingOf(campaign.id, slot);
        if (pending === 0) return 'done';
        // Rows held by a sender that died (or another worker): wait for their lease, then take them.
        const wait = nextExpiry ? Date.parse(nextExpiry) - deps.clock.now().getTime() + 5 : 100;
        await sleep(Math.min(Math.max(wait, 20), 1_000));
        await control.touch();
        continue;
      }
      const outcome = await sendRows(ctx, rows, batchSize);
      await control.touch();
      if (outcome) return outcome;
    }
  } finally {
    // What this sender still holds (a stop, a cancel) is claimable at once by the next one.
    await deps.store.deliveries.release(ctx.token);
  }
}

/** Paces and sends claimed rows, a transaction per group; an outcome when it must stop early. */
async function sendRows(ctx: SendContext, rows: Delivery[], batchSize: number): Promise<SlotOutcome | null> {
  const { deps, control } = ctx;
  let group: Delivery[] = [];
  for (const row of rows) {
    if (group.length === 0) {
      const resumeAt = quietNow(ctx);
      if (resumeAt) return { resumeAt };
    }
    const now = Date.now();
    // A post into a group chat also waits for the channel's group pace (WhatsApp groups: one every 5 s).
    const groupWait =
      row.recipientType === 'conversation' ? await deps.pacer.reserveGroup(row.channel, now) : 0;
    const wait = Math.max(
      await deps.pacer.reserve(row.channel, now),
      groupWait,
      (await ctx.rate?.(now)) ?? 0,
    );
    if (wait > 0) {
      await flush(ctx, group);
      group = [];
      await sleep(wait);
      if (control.stopping()) return 'stopped';
    }
    group.push(row);
    if (group.length >= batchSize) {
      await flush(ctx, group);
      group = [];
    }
  }
  await flush(ctx, group);
  return null;
}
