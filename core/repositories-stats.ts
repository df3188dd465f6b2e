/**
 * The dashboard's figures of days that are over, kept once computed: a day's messages and
 * conversations never change once it has ended (messages are stored at the time they are made and
 * never moved between conversations), so every process that computes a closed day gets the same
 * figures, and the dashboard reads stored rows instead of counting the 13 days before today again.
 */
import type { MessageActivity } from './repositories.js';

export interface DayActivity extends MessageActivity {
  /** The calendar day in the business's time zone, YYYY-MM-DD. */
  day: string;
  newConversations: number;
}

export interface ActivityDayRepository {
  /** The stored figures of those `days` in `timeZone` (days never stored are left out), by day. */
  get(timeZone: string, days: readonly string[]): Promise<DayActivity[]>;
  /** Stores the figures of closed days; a day already stored keeps its first figures. */
  put(timeZone: string, days: readonly DayActivity[]): Promise<void>;
}
