/** Ports of campaigns, their delivery ledger and the scheduler's jobs (see repositories.ts). */
import type { Page, PageQuery } from './repositories.js';
import type {
  Campaign,
  CampaignStatus,
  ChannelName,
  Delivery,
  DeliveryCounts,
  DeliveryStatus,
  DeliveryView,
  ErrorInfo,
  StoredJob,
} from './types.js';

export interface CampaignRepository {
  create(campaign: Campaign): Promise<Campaign>;
  get(id: string): Promise<Campaign | null>;
  update(id: string, patch: Partial<Omit<Campaign, 'id' | 'createdAt'>>): Promise<Campaign | null>;
  /** Removes the campaign and its ledger; false when the id is unknown. */
  delete(id: string): Promise<boolean>;
  /** Newest first. */
  list(query: PageQuery & { status?: CampaignStatus }): Promise<Page<Campaign>>;
}

/**
 * The delivery ledger. Rows are created once per (campaign, slot, recipient, channel); sending claims
 * pending rows with a lease, and a row becomes `sent` only through `markSent`, which the caller runs in
 * the transaction that creates the message: a crash leaves each row sent or claimable again, never both.
 */
export interface DeliveryRepository {
  /** Inserts the rows whose (campaign, slot, recipient, channel) is new; returns how many were. */
  insertMany(rows: Delivery[]): Promise<number>;
  /**
   * `insertMany` for a slot's contacts on one channel, with each row's status decided by the store as
   * it writes: `skipped` with `reasons.optedOut` for the contacts flagged opted out, else `pending`
   * when the contact has an identity on the channel, else `skipped` with `reasons.noIdentity`. Each
   * row is `[id, contactId, optedOut]`; the rest is `slot`'s (no message, no claim, created `now`).
   */
  insertContactRows(
    slot: { campaignId: string; slot: number; channel: ChannelName; now: string },
    rows: [id: string, contactId: string, optedOut: boolean][],
    reasons: { optedOut: ErrorInfo; noIdentity: ErrorInfo },
  ): Promise<number>;
  get(id: string): Promise<Delivery | null>;
  getByMessage(messageId: string): Promise<Delivery | null>;
  /**
   * Claims up to `limit` pending rows of the slot that nobody holds (never claimed, or the claim ran
   * out before `now`), in id order, for `token` until `leaseUntil`.
   */
  claim(
    campaignId: string,
    slot: number,
    claim: { token: string; now: string; leaseUntil: string; limit: number },
  ): Promise<Delivery[]>;
  /** pending -> sent for the holder of the claim; false (nothing written) when it no longer holds it. */
  markSent(
    id: string,
    token: string,
    update: { messageId: string; conversationId: string; now: string },
  ): Promise<boolean>;
  /** `markSent` for many rows at once (a group's rows, one statement): the ids written. */
  markSentMany(
    token: string,
    sent: readonly { id: string; messageId: string; conversationId: string }[],
    now: string,
  ): Promise<string[]>;
  /** pending -> failed (or skipped) for the holder of the claim; false when it no longer holds it. */
  markFailed(
    id: string,
    token: string,
    update: { status: 'failed' | 'skipped'; error: ErrorInfo; now: string },
  ): Promise<boolean>;
  /** Gives back the claims of `token` on rows still pending (a clean stop); returns how many. */
  release(token: string): Promise<number>;
  /** Every pending row of the campaign becomes skipped with `error` (cancel); returns how many. */
  skipPending(campaignId: string, error: ErrorInfo, now: string): Promise<number>;
  /** Pending rows of the slot, and the earliest time a claim held on one of them runs out. */
  pendingOf(campaignId: string, slot: number): Promise<{ pending: number; nextExpiry: string | null }>;
  /** Counts by the status the coach sees (sent rows follow their message). */
  counts(campaignId: string): Promise<DeliveryCounts>;
  /** Rows by id, filtered on the status the coach sees. */
  list(campaignId: string, query: PageQuery & { status?: DeliveryStatus }): Promise<Page<DeliveryView>>;
  /** Up to `limit` contact ids after `afterId` (all when null), in id order, carrying `tag` when given. */
  contactIds(query: { tag?: string; afterId: string | null; limit: number }): Promise<string[]>;
  /** The identity each of `contactIds` has on `channel` (contact id -> external id; the oldest when several); absent: none. */
  identitiesOn(channel: ChannelName, contactIds: string[]): Promise<Map<string, string>>;
}

/** Which jobs a job-store call applies to (all of the given criteria). */
export interface JobFilter {
  ids?: string[];
  names?: string[];
  notNames?: string[];
}

/** The fields the job processor writes while running a job (Agenda's saveJobState). */
export type JobState = Pick<
  StoredJob,
  | 'lockedAt'
  | 'nextRunAt'
  | 'lastRunAt'
  | 'progress'
  | 'failReason'
  | 'failCount'
  | 'failedAt'
  | 'lastFinishedAt'
> & { lastModifiedBy?: string };

/**
 * Scheduler jobs (the embedded Agenda backend's storage). Locking is one atomic step per call, so two
 * workers never both lock one job.
 */
export interface JobStoreRepository {
  /** Stores a new job (its `_id` given). */
  insert(job: StoredJob): Promise<StoredJob>;
  get(id: string): Promise<StoredJob | null>;
  /** Replaces the fields of the job with this `_id` and name; null when there is none. */
  replace(job: StoredJob): Promise<StoredJob | null>;
  /**
   * Creates or updates the one job of this name with type 'single' (atomically); with `keepNextRunAt`
   * an existing job keeps its own nextRunAt.
   */
  upsertSingle(job: StoredJob, keepNextRunAt: boolean): Promise<StoredJob>;
  /** Jobs matching the filter, by nextRunAt (nulls last) then priority (highest first) then id. */
  list(filter: JobFilter): Promise<StoredJob[]>;
  /** Writes the processor's fields; false when no job has this id and name. */
  saveState(id: string, name: string, state: JobState): Promise<boolean>;
  /** Locks the job if it is unlocked, enabled and still due at `nextRunAt`; null otherwise. */
  lock(id: string, name: string, nextRunAt: Date | null, at: Date, by?: string): Promise<StoredJob | null>;
  /**
   * Locks and returns the next job of `name` to run: enabled, and either unlocked and due by
   * `nextScanAt`, or locked at or before `lockDeadline` (its worker died). Earliest nextRunAt first,
   * then highest priority.
   */
  lockNext(
    name: string,
    nextScanAt: Date,
    lockDeadline: Date,
    at: Date,
    by?: string,
  ): Promise<StoredJob | null>;
  /** Unlocks the job unless it is running a one-time run (nextRunAt null). */
  unlock(id: string): Promise<void>;
  unlockMany(ids: string[]): Promise<void>;
  remove(filter: JobFilter): Promise<number>;
  setDisabled(filter: JobFilter, disabled: boolean): Promise<number>;
  /** Jobs with nextRunAt before `now`. */
  countDue(now: Date): Promise<number>;
  distinctNames(): Promise<string[]>;
  removeAll(): Promise<number>;
}
