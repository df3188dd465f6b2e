/**
 * Ports of work shared by every process on one database (issue 17): delivery reports that came before
 * their message's provider id was recorded.
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
