/**
 * Sending one slot. Pending rows are claimed in batches with a lease; each row becomes `sent` in the
 * very transaction that writes its message and outbox entry (the one send path, core/outbound.ts), so
 * a crash leaves a row either sent (its message is in the outbox and goes out) or pending (claimable
 * again once the lease runs out), never both. Pacing takes the campaign's and the channel's tokens
 * before a row joins a transaction.
 */
import { openAssistantConversation } from '../conversations.js';
import type { EventBus } from '../events.js';
import type { Clock, IdGenerator } from '../ids.js';
import type { Logger } from '../logger.js';
import { type OutboundDeps, releaseOutbound, type StagedOutbound, stageOutbound } from '../outbound.js';
import { sleep, type TokenBucket } from '../rate-limiter.js';
import type { Repositories } from '../repositories.js';
import type {
  Campaign,
  Contact,
  Conversation,
  Delivery,
  DeliveryView,
  ErrorInfo,
  LedgerStatus,
  MessageTemplate,
} from '../types.js';
import { personalise } from './personalise.js';
import { quietUntil } from './quiet-hours.js';
import { type ChannelPacer, pacedBucket } from './rates.js';
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

interface SendContext {
  deps: DispatchDeps;
  campaign: Campaign;
  links: ReadonlyMap<string, string>;
  token: string;
  control: SlotControl;
  bucket: TokenBucket | null;
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

type Prepared =
  | { row: Delivery; staged: StagedOutbound; created: Conversation | null }
  | { row: Delivery; status: Exclude<LedgerStatus, 'pending' | 'sent'>; error: ErrorInfo };

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

/**
 * What a group's rows need, read with a few statements for the whole group rather than several per
 * row: the contacts, their assistant conversation on each channel, and (for those without one) their
 * identity there.
 */
interface GroupLookups {
  contacts: Map<string, Contact>;
  /** `${channel} ${contactId}` -> the conversation; conversations opened meanwhile are added. */
  conversations: Map<string, Conversation>;
  /** `${channel} ${contactId}` -> the external id on that channel. */
  identities: Map<string, string>;
}

async function lookUp(tx: Repositories, group: Delivery[]): Promise<GroupLookups> {
  const rows = group.filter((row) => row.recipientType === 'contact');
  const contacts = new Map(
    (await tx.contacts.getMany([...new Set(rows.map((row) => row.recipientId))])).map((c) => [c.id, c]),
  );
  const lookups: GroupLookups = { contacts, conversations: new Map(), identities: new Map() };
  for (const channel of new Set(rows.map((row) => row.channel))) {
    const ids = rows.filter((row) => row.channel === channel).map((row) => row.recipientId);
    const found = await tx.conversations.latestAssistantOn(channel, ids);
    for (const [contactId, conversation] of Object.entries(found)) {
      lookups.conversations.set(`${channel} ${contactId}`, conversation);
    }
    const without = ids.filter((id) => !(id in found));
    if (without.length === 0) continue;
    const identities = await tx.deliveries.identitiesOn(channel, without);
    for (const [contactId, externalId] of identities) {
      lookups.identities.set(`${channel} ${contactId}`, externalId);
    }
  }
  return lookups;
}

/** The contact's conversation with the business on that channel, a new one when there is none. */
async function conversationFor(
  ctx: SendContext,
  tx: Repositories,
  lookups: GroupLookups,
  row: Delivery,
  now: string,
): Promise<{ conversation: Conversation; created: boolean; name: string | null } | ErrorInfo> {
  if (row.recipientType === 'conversation') {
    const conversation = await tx.conversations.get(row.recipientId);
    if (!conversation) return { code: 'not_found', message: 'the conversation no longer exists' };
    return { conversation, created: false, name: null };
  }
  const contact = lookups.contacts.get(row.recipientId);
  if (!contact) return { code: 'not_found', message: 'the contact no longer exists' };
  const key = `${row.channel} ${contact.id}`;
  const existing = lookups.conversations.get(key);
  if (existing) return { conversation: existing, created: false, name: contact.name };
  const externalId = lookups.identities.get(key);
  if (externalId === undefined) return { code: 'no_identity', message: `no ${row.channel} identity` };
  const conversation = await openAssistantConversation(tx, ctx.deps.ids, now, {
    contact,
    channel: row.channel,
    // A member channel (the web) addresses conversations by room; others by the contact's chat id there.
    chatId: ctx.deps.channels?.identityOf(row.channel) === 'member' ? undefined : externalId,
    link: null,
  });
  lookups.conversations.set(key, conversation);
  return { conversation, created: true, name: contact.name };
}

/**
 * Template channels (WhatsApp) accept business-initiated free text only within 24 hours of the
 * customer's last message.
 */
const TEMPLATE_WINDOW_MS = 24 * 60 * 60 * 1_000;

/**
 * The campaign's approved template, personalised, when this recipient is on a channel with templates
 * and outside the 24-hour window (never wrote, or not lately); undefined: free text goes through.
 */
async function templateFor(
  ctx: SendContext,
  tx: Repositories,
  row: Delivery,
  target: { conversation: Conversation; created: boolean; name: string | null },
  now: string,
): Promise<MessageTemplate | undefined> {
  const template = ctx.campaign.whatsappTemplate;
  if (!template || !ctx.deps.channels?.can(row.channel, 'templates')) return undefined;
  const last = target.created ? null : await tx.messages.lastFromContactAt(target.conversation.id);
  if (last !== null && Date.parse(now) - Date.parse(last) < TEMPLATE_WINDOW_MS) return undefined;
  if (!template.variables) return { contentSid: template.contentSid };
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries(template.variables)) {
    variables[key] = personalise(value, { name: target.name }, ctx.links);
  }
  return { contentSid: template.contentSid, variables };
}

/**
 * The row's outcome, written in the group's transaction. The row is marked first, with the id its
 * message will have: a row whose claim ran out (another sender holds it now) writes nothing more.
 */
async function prepare(
  ctx: SendContext,
  tx: Repositories,
  lookups: GroupLookups,
  row: Delivery,
  now: string,
): Promise<Prepared | null> {
  const fail = async (status: 'failed' | 'skipped', error: ErrorInfo): Promise<Prepared | null> =>
    (await tx.deliveries.markFailed(row.id, ctx.token, { status, error, now }))
      ? { row, status, error }
      : null;
  if (!ctx.deps.channelEnabled(row.channel)) {
    return fail('failed', { code: 'channel_unavailable', message: `channel ${row.channel} is not enabled` });
  }
  const target = await conversationFor(ctx, tx, lookups, row, now);
  if ('code' in target) return fail('skipped', target);
  const messageId = ctx.deps.ids.next();
  const marked = await tx.deliveries.markSent(row.id, ctx.token, {
    messageId,
    conversationId: target.conversation.id,
    now,
  });
  // Another sender took the row over (our claim ran out), or the campaign was cancelled. A
  // conversation opened above stays: it is the contact's conversation on that channel either way.
  if (!marked) return null;
  const { campaign } = ctx;
  const staged = await stageOutbound(ctx.deps, tx, target.conversation, {
    id: messageId,
    sender: { type: 'coach', id: campaign.createdBy?.id, name: campaign.createdBy?.name ?? 'Coach' },
    text: personalise(campaign.message, { name: target.name }, ctx.links),
    media: campaign.mediaUrl ? [{ url: campaign.mediaUrl }] : undefined,
    template: await templateFor(ctx, tx, row, target, now),
    campaignId: campaign.id,
  });
  return { row, staged, created: target.created ? target.conversation : null };
}

/** One transaction for the group; then the events and the sends (awaited: at most one group in flight). */
async function flush(ctx: SendContext, group: Delivery[]): Promise<void> {
  if (group.length === 0) return;
  const { deps } = ctx;
  const now = deps.clock.now().toISOString();
  const prepared = await deps.store.transaction(async (tx) => {
    const out: Prepared[] = [];
    const lookups = await lookUp(tx, group);
    for (const row of group) {
      const result = await prepare(ctx, tx, lookups, row, now);
      if (result) out.push(result);
    }
    return out;
  });
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
    bucket: campaign.rate ? pacedBucket(campaign.rate, Date.now()) : null,
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
    const groupWait = row.recipientType === 'conversation' ? deps.pacer.reserveGroup(row.channel, now) : 0;
    const wait = Math.max(deps.pacer.reserve(row.channel, now), groupWait, ctx.bucket?.reserve(now) ?? 0);
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
