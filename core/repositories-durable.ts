/**
 * Ports of work shared by every process on one database (issue 17): delivery reports that came before
 * their message's provider id was recorded, and the lease of each conversation's assistant turns.
 */
import type { ChannelName, ErrorInfo, MessageStatus } from './types.js';

/** A delivery report held until its message's provider id is recorded. */
export interface EarlyReport {
  channel: ChannelName;
  externalMessageId: string;
  status: MessageStatus;
  error: ErrorInfo | null;
  /** Dropped after this time (a report for a message never recorded). */
  until: string;
}

export interface EarlyReportRepository {
  /**
   * Holds `report`, atomically keeping the furthest status per (channel, provider id): a report of a
   * lower `rank` than the one held (and still fresh at `now`) changes nothing.
   */
  hold(report: EarlyReport, rank: number, now: string): Promise<void>;
  /** Removes and returns the report held for that provider id, if any and fresh at `now`; null otherwise. */
  take(channel: ChannelName, externalMessageId: string, now: string): Promise<EarlyReport | null>;
  /** Removes the reports past their time; how many. */
  purge(now: string): Promise<number>;
}

/** What a turn decides from once it holds its conversation's lease (`TurnLeaseRepository.acquireAfter`). */
export interface TurnTaken {
  /** The newest message id a finished turn answered; null: none. */
  answered: string | null;
  /** The texts of the customer messages stored after the trigger, oldest first, at most 50 (no notes). */
  newerFromContacts: string[];
}

/**
 * One lease per conversation for its assistant turns: never two model calls for one conversation,
 * whichever processes its messages reach.
 */
export interface TurnLeaseRepository {
  /**
   * Takes the lease for `holder` until `leaseUntil` when it is free, expired (`leaseUntil` <= now) or
   * already the holder's; atomically. Returns the newest message id a finished turn answered (null:
   * none) when held, or false when another process holds it.
   */
  acquire(
    conversationId: string,
    holder: string,
    leaseUntil: string,
    now: string,
  ): Promise<string | null | false>;
  /**
   * `acquire` for the turn answering `trigger` (a message id), with what that turn decides from once
   * it holds the lease: the texts of the customer messages stored after `trigger` in the
   * conversation, oldest first, at most 50 (notes left out). One statement where the dialect allows it.
   */
  acquireAfter(
    conversationId: string,
    holder: string,
    leaseUntil: string,
    now: string,
    trigger: string,
  ): Promise<TurnTaken | false>;
  /** Extends the lease if `holder` holds it; false otherwise. */
  renew(conversationId: string, holder: string, leaseUntil: string): Promise<boolean>;
  /** Lets it go if `holder` holds it, recording `answered` (a message id) when newer than the one recorded. */
  release(conversationId: string, holder: string, answered: string | null): Promise<void>;
}

/**
 * Token buckets shared by every process (channel rate limits in aggregate): one row per key holding
 * when its next token is free (ms since the epoch). A reservation is one conditional write.
 */
export interface RateBucketRepository {
  /**
   * Takes `tokens` tokens of `key` (one every `intervalMs`, at most `burstMs` worth saved up) as of
   * `now`, atomically; returns when the last of them is free (ms since the epoch; <= now: at once).
   */
  reserve(key: string, intervalMs: number, burstMs: number, tokens: number, now: number): Promise<number>;
  /** Nothing of `key` may be taken before `until` (a provider's Retry-After). */
  pauseUntil(key: string, until: number): Promise<void>;
  /**
   * Forgets the keys whose next token was free before `before` (ms since the epoch); how many. Exact
   * for every key whose burst is worth less than `now - before`: such a key is full again, as a key
   * never used is (a chat written once, a campaign ended).
   */
  forgetIdle(before: number): Promise<number>;
}
