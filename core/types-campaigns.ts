/** Campaigns, their slots and their delivery ledger (re-exported by core/types.ts). */
import type { ChannelName, ErrorInfo, MessageTemplate } from './types.js';

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'completed' | 'failed' | 'cancelled';
export type CampaignTargetType = 'contact' | 'group' | 'tag' | 'all' | 'conversation';

export interface CampaignTarget {
  type: CampaignTargetType;
  /** The contact, group or conversation id, or the tag; absent for `all`. */
  id?: string;
}

/** null: sent when launched. Instants are UTC ISO strings (naive local times were read in TIMEZONE). */
export type CampaignSchedule = null | { at: string } | { slots: string[] };

/** One send time of a campaign: its ledger is created when it starts, then sent. */
export interface CampaignSlot {
  at: string;
  state: 'waiting' | 'sending' | 'done';
  /** When its recipients were resolved and its ledger rows written (all of them). */
  resolvedAt: string | null;
  finishedAt: string | null;
}

/** "21:00" to "08:00": the window crosses midnight. */
export interface QuietHours {
  from: string;
  to: string;
}

export interface Campaign {
  id: string;
  name: string;
  /** May use {firstName}, {name} and {link:<entry link id>}. */
  message: string;
  /** The subject of its emails (may use {firstName} and {name}); null: the campaign's name. */
  subject: string | null;
  mediaUrl: string | null;
  targets: CampaignTarget[];
  channels: ChannelName[];
  schedule: CampaignSchedule;
  /** Most sends per second for this campaign (channel limits still apply); null: channel limits only. */
  rate: number | null;
  /**
   * The approved template WhatsApp recipients outside the 24-hour window get instead of free text;
   * its variables may use {firstName} and {name}. null: free text only (refused there, Twilio 63016).
   */
  whatsappTemplate: MessageTemplate | null;
  /** A daily window (HH:MM, business TIMEZONE) when nothing is sent; null: any time. */
  quietHours: QuietHours | null;
  status: CampaignStatus;
  /** Filled at launch: one entry per send time. */
  slots: CampaignSlot[];
  error: ErrorInfo | null;
  /** The admin who wrote it: its messages are sent in their name (sender type coach). */
  createdBy: { id: string; name: string } | null;
  launchedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A ledger row's own state; `sent` rows then follow their message (delivered, read, failed). */
export type LedgerStatus = 'pending' | 'sent' | 'failed' | 'skipped';
export type DeliveryStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed' | 'skipped';

/**
 * One row of a campaign's delivery ledger: (campaign, slot, recipient, channel) is unique, so a slot
 * can be resolved again or launched twice without a second row. A row is `pending` until the
 * transaction that creates its message marks it `sent`; a claim (`claimToken` until `claimedUntil`)
 * only says who is sending it now, and lapses if that process dies.
 */
export interface Delivery {
  id: string;
  campaignId: string;
  slot: number;
  /** A contact (one person on one channel), or a group conversation posted into once. */
  recipientType: 'contact' | 'conversation';
  recipientId: string;
  channel: ChannelName;
  status: LedgerStatus;
  /** Why it was skipped or failed (reason, or the provider's error code and message). */
  error: ErrorInfo | null;
  messageId: string | null;
  conversationId: string | null;
  claimToken: string | null;
  claimedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A delivery as the coach sees it: the status follows the message once sent. */
export interface DeliveryView {
  id: string;
  campaignId: string;
  slot: number;
  recipientType: Delivery['recipientType'];
  recipientId: string;
  channel: ChannelName;
  status: DeliveryStatus;
  error: ErrorInfo | null;
  messageId: string | null;
  conversationId: string | null;
  updatedAt: string;
}

export type DeliveryCounts = Record<DeliveryStatus, number>;
