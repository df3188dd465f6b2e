/**
 * Campaigns: drafts the coach edits, launch (one scheduler job per slot), cancel, duplicate, and the
 * run of one slot (its ledger, then its sends). Status: draft -> scheduled -> sending -> completed,
 * or cancelled / failed. Launching again never sends again: a completed campaign stays as it is, and
 * a slot's ledger rows exist once whatever re-runs it.
 */
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type {
  Campaign,
  CampaignSlot,
  CampaignStatus,
  DeliveryCounts,
  MessageTemplate,
  QuietHours,
} from '../types.js';
import { createSlotLedger } from './audience.js';
import { type DispatchDeps, type SlotControl, type SlotOutcome, sendSlot, toView } from './dispatch.js';
import { linkIdsIn } from './personalise.js';
import { parseScheduleTime, upcoming } from './schedule.js';

/** The scheduler, as campaigns see it: one job per (campaign, slot). */
export interface SlotScheduler {
  /** Creates the slot's job unless it exists (launching twice makes no second job). */
  scheduleSlot(campaignId: string, slot: number, at: Date): Promise<void>;
  /** Removes the campaign's jobs that have not run. */
  cancelCampaign(campaignId: string): Promise<void>;
}

export interface CampaignDeps extends DispatchDeps {
  scheduler: SlotScheduler;
  /** PUBLIC_URL: {link:<id>} becomes `<it>/c/<token>`. */
  publicUrl: string;
}

/** What the coach writes (validated for shape at the edge, for meaning here). */
export type CampaignInput = Pick<Campaign, 'name' | 'message' | 'targets' | 'channels'> & {
  mediaUrl?: string | null;
  subject?: string | null;
  schedule?: null | { at: string } | { slots: string[] };
  rate?: number | null;
  /** WhatsApp recipients outside the 24-hour window get this approved template instead of the text. */
  whatsappTemplate?: MessageTemplate | null;
  quietHours?: QuietHours | null;
};

const ACTIVE: readonly CampaignStatus[] = ['scheduled', 'sending'];

export class CampaignService {
  #lastProgress = new Map<string, number>();
  #unsubscribe: (() => void) | null = null;

  constructor(readonly deps: CampaignDeps) {}

  /** Follows message status updates into `delivery` events (delivered, read, failed). */
  start(): void {
    const { events, store, logger } = this.deps;
    this.#unsubscribe ??= events.on('message:status', ({ message }) => {
      if (message.sender.type !== 'coach') return;
      void store.deliveries.getByMessage(message.id).then(
        async (row) => {
          // Queued -> sent changes nothing the coach sees: the row was shown sent already.
          if (row?.status !== 'sent') return;
          if (message.status !== 'delivered' && message.status !== 'read' && message.status !== 'failed')
            return;
          const status = message.status;
          const error = message.status === 'failed' ? (message.error ?? null) : null;
          events.emit('delivery', {
            campaignId: row.campaignId,
            delivery: toView(row, status, error, this.#now()),
          });
          await this.#progress(row.campaignId, false);
        },
        (error: unknown) => logger.error({ err: error }, 'campaign delivery status update failed'),
      );
    });
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  async get(id: string): Promise<{ campaign: Campaign; counts: DeliveryCounts }> {
    const campaign = await this.deps.store.campaigns.get(id);
    if (!campaign) throw new NotFoundError('campaign not found');
    return { campaign, counts: await this.deps.store.deliveries.counts(id) };
  }

  async create(input: CampaignInput, author: { id: string; name: string } | null): Promise<Campaign> {
    const fields = await this.#validate(input);
    const now = this.deps.clock.now().toISOString();
    return this.deps.store.campaigns.create({
      id: this.deps.ids.next(),
      ...fields,
      status: 'draft',
      slots: [],
      error: null,
      createdBy: author,
      launchedAt: null,
      completedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  async update(id: string, patch: Partial<CampaignInput>): Promise<Campaign> {
    const current = await this.#require(id);
    if (current.status !== 'draft')
      throw new ConflictError(`a ${current.status} campaign cannot be edited`, 'status');
    const fields = await this.#validate({ ...current, ...patch });
    const updated = await this.deps.store.campaigns.update(id, fields);
    if (!updated) throw new NotFoundError('campaign not found');
    return updated;
  }

  async delete(id: string): Promise<void> {
    const current = await this.#require(id);
    if (ACTIVE.includes(current.status)) {
      throw new ConflictError(`a ${current.status} campaign cannot be deleted: cancel it first`, 'status');
    }
    await this.deps.scheduler.cancelCampaign(id);
    await this.deps.store.campaigns.delete(id);
  }

  async duplicate(id: string, author: { id: string; name: string } | null): Promise<Campaign> {
    const source = await this.#require(id);
    const clock = this.deps.clock.now();
    const now = clock.toISOString();
    return this.deps.store.campaigns.create({
      ...source,
      id: this.deps.ids.next(),
      name: `${source.name} (copy)`.slice(0, 200),
      schedule: upcoming(source.schedule, clock),
      status: 'draft',
      slots: [],
      error: null,
      createdBy: author ?? source.createdBy,
      launchedAt: null,
      completedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  /**
   * Draft -> scheduled (or sending, without a schedule), one job per slot. A failed campaign resumes
   * where its ledger stopped. Scheduled, sending and completed campaigns are left as they are.
   */
  async launch(id: string): Promise<Campaign> {
    const now = this.deps.clock.now();
    const campaign = await this.deps.store.transaction(async (tx) => {
      const current = await tx.campaigns.get(id);
      if (!current) throw new NotFoundError('campaign not found');
      if (current.status === 'cancelled')
        throw new ConflictError('a cancelled campaign cannot be launched: duplicate it', 'status');
      if (current.status !== 'draft' && current.status !== 'failed') return current;
      const slots = current.status === 'failed' ? current.slots : this.#slotsOf(current.schedule, now);
      const first = slots.find((slot) => slot.state !== 'done');
      const status: CampaignStatus = first && Date.parse(first.at) > now.getTime() ? 'scheduled' : 'sending';
      const updated = await tx.campaigns.update(id, {
        status,
        slots,
        error: null,
        launchedAt: current.launchedAt ?? now.toISOString(),
        updatedAt: now.toISOString(),
      });
      return updated!;
    });
    await this.#scheduleSlots(campaign);
    await this.#progress(id, true);
    return campaign;
  }

  /** Stops sending at once: every row not sent yet is skipped (reason `cancelled`), jobs removed. */
  async cancel(id: string): Promise<Campaign> {
    const now = this.deps.clock.now().toISOString();
    const campaign = await this.deps.store.transaction(async (tx) => {
      const current = await tx.campaigns.get(id);
      if (!current) throw new NotFoundError('campaign not found');
      if (current.status === 'completed' || current.status === 'cancelled') {
        throw new ConflictError(`the campaign is already ${current.status}`, 'status');
      }
      await tx.deliveries.skipPending(id, { code: 'cancelled', message: 'the campaign was cancelled' }, now);
      return (await tx.campaigns.update(id, { status: 'cancelled', updatedAt: now }))!;
    });
    await this.deps.scheduler.cancelCampaign(id);
    await this.#progress(id, true);
    return campaign;
  }

  /** After a restart: every scheduled or sending campaign has its slots' jobs (made again if lost). */
  async resume(): Promise<number> {
    let count = 0;
    for (const status of ACTIVE) {
      for (const campaign of (await this.deps.store.campaigns.list({ status })).items) {
        await this.#scheduleSlots(campaign);
        count++;
      }
    }
    return count;
  }

  /** The run of one slot (called by its scheduler job): ledger once, then sends until done. */
  async runSlot(id: string, slot: number, control: SlotControl): Promise<SlotOutcome> {
    let campaign = await this.deps.store.campaigns.get(id);
    if (!campaign || !ACTIVE.includes(campaign.status)) return 'cancelled';
    const current = campaign.slots[slot];
    if (!current) return 'cancelled';
    if (current.state !== 'done') {
      if (!current.resolvedAt) {
        await createSlotLedger(this.deps, campaign, slot, this.deps.clock.now().toISOString());
      }
      campaign = await this.#setSlot(id, slot, {
        state: 'sending',
        resolvedAt: current.resolvedAt ?? this.#now(),
      });
      if (!campaign || !ACTIVE.includes(campaign.status)) return 'cancelled';
      await this.#progress(id, true);
      const outcome = await sendSlot(this.deps, campaign, slot, await this.#links(campaign), {
        touch: control.touch,
        stopping: control.stopping,
      });
      if (outcome !== 'done') return outcome;
      await this.#setSlot(id, slot, { state: 'done', finishedAt: this.#now() });
    }
    await this.#progress(id, true);
    return 'done';
  }

  /** A slot job failed for good: the campaign is failed with the reason (launch resumes it). */
  async fail(id: string, error: { code: string; message: string }): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const current = await tx.campaigns.get(id);
      if (current && ACTIVE.includes(current.status)) {
        await tx.campaigns.update(id, { status: 'failed', error, updatedAt: this.#now() });
      }
    });
    await this.#progress(id, true);
  }

  #now(): string {
    return this.deps.clock.now().toISOString();
  }

  async #require(id: string): Promise<Campaign> {
    const campaign = await this.deps.store.campaigns.get(id);
    if (!campaign) throw new NotFoundError('campaign not found');
    return campaign;
  }

  /** Updates one slot (and the campaign's status from its slots) in one transaction. */
  async #setSlot(id: string, index: number, change: Partial<CampaignSlot>): Promise<Campaign | null> {
    return this.deps.store.transaction(async (tx) => {
      const current = await tx.campaigns.get(id);
      if (!current || !ACTIVE.includes(current.status)) return current;
      const slots = current.slots.map((slot, i) => (i === index ? { ...slot, ...change } : slot));
      const done = slots.every((slot) => slot.state === 'done');
      const now = this.#now();
      return tx.campaigns.update(id, {
        slots,
        status: done ? 'completed' : 'sending',
        completedAt: done ? now : null,
        updatedAt: now,
      });
    });
  }

  async #scheduleSlots(campaign: Campaign): Promise<void> {
    for (const [index, slot] of campaign.slots.entries()) {
      if (slot.state !== 'done')
        await this.deps.scheduler.scheduleSlot(campaign.id, index, new Date(slot.at));
    }
  }

  /** Emits the counts: at once for a status change, else at most every second per campaign. */
  async #progress(id: string, force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - (this.#lastProgress.get(id) ?? 0) < 1_000) return;
    this.#lastProgress.set(id, now);
    const campaign = await this.deps.store.campaigns.get(id);
    if (!campaign) return;
    this.deps.events.emit('campaign', { campaign, counts: await this.deps.store.deliveries.counts(id) });
  }

  async #links(campaign: Campaign): Promise<Map<string, string>> {
    const links = new Map<string, string>();
    for (const id of linkIdsIn(campaign.message)) {
      const link = await this.deps.store.links.get(id);
      if (link) links.set(id, `${this.deps.publicUrl}/c/${link.token}`);
    }
    return links;
  }

  /** The send times of a schedule (now when none); each must be in the future. */
  #slotsOf(schedule: Campaign['schedule'], now: Date): CampaignSlot[] {
    const times = schedule === null ? [now.toISOString()] : 'at' in schedule ? [schedule.at] : schedule.slots;
    const field =
      schedule !== null && 'at' in schedule ? () => 'schedule.at' : (i: number) => `schedule.slots.${i}`;
    return times.map((at, i) => {
      if (schedule !== null && Date.parse(at) <= now.getTime())
        throw new ValidationError(`${field(i)}: is in the past`, field(i));
      return { at, state: 'waiting' as const, resolvedAt: null, finishedAt: null };
    });
  }

  /** Checks what the shape cannot: targets exist, links exist, times parse and lie ahead. */
  async #validate(input: CampaignInput) {
    const { store } = this.deps;
    for (const [i, target] of input.targets.entries()) {
      const field = `targets.${i}.id`;
      if (target.type === 'all') continue;
      if (!target.id)
        throw new ValidationError(`targets.${i}.id: required for a ${target.type} target`, field);
      if (target.type === 'contact' && !(await store.contacts.get(target.id))) {
        throw new ValidationError(`${field}: unknown contact`, field);
      }
      if (target.type === 'tag' && (await store.contacts.list({ tag: target.id, limit: 1 })).total === 0) {
        throw new ValidationError(`${field}: no contact has this tag`, field);
      }
      if (target.type === 'group' || target.type === 'conversation') {
        const conversation = await store.conversations.get(target.id);
        if (conversation?.kind !== 'group') throw new ValidationError(`${field}: unknown group`, field);
      }
    }
    for (const id of linkIdsIn(input.message)) {
      if (!(await store.links.get(id)))
        throw new ValidationError(`message: unknown entry link ${id}`, 'message');
    }
    for (const [key, value] of Object.entries(input.whatsappTemplate?.variables ?? {})) {
      const field = `whatsappTemplate.variables.${key}`;
      for (const id of linkIdsIn(value)) {
        if (!(await store.links.get(id)))
          throw new ValidationError(`${field}: unknown entry link ${id}`, field);
      }
    }
    return {
      name: input.name,
      message: input.message,
      subject: input.subject?.trim() || null,
      mediaUrl: input.mediaUrl ?? null,
      targets: input.targets,
      channels: input.channels,
      schedule: this.#parseSchedule(input.schedule ?? null),
      rate: input.rate ?? null,
      whatsappTemplate: input.whatsappTemplate ?? null,
      quietHours: input.quietHours ?? null,
    };
  }

  #parseSchedule(schedule: CampaignInput['schedule']): Campaign['schedule'] {
    if (!schedule) return null;
    const now = this.deps.clock.now().getTime();
    const parse = (value: string, field: string) => {
      const at = parseScheduleTime(value, this.deps.timeZone);
      if (!at) throw new ValidationError(`${field}: not an ISO date-time`, field);
      if (at.getTime() <= now) throw new ValidationError(`${field}: is in the past`, field);
      return at.toISOString();
    };
    if ('at' in schedule) return { at: parse(schedule.at, 'schedule.at') };
    const slots = schedule.slots.map((value, i) => parse(value, `schedule.slots.${i}`));
    if (new Set(slots).size !== slots.length) {
      throw new ValidationError('schedule.slots: the same time twice', 'schedule.slots');
    }
    return { slots };
  }
}
