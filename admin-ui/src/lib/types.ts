/**
 * The admin API's shapes as the panel reads them (CONTRACT.md, "Admin API"). Where the API sends a
 * domain object as it is, the panel uses the server's own type (type-only: nothing of core/ is bundled);
 * the shapes below are the API's views (links with their URLs, groups with a member count, ...).
 */
import type * as core from '../../../core/types.js';

export type AiUsage = core.AiUsage;
export type AuditEntry = core.AuditEntry;
export type CampaignSchedule = core.CampaignSchedule;
export type CampaignStatus = core.CampaignStatus;
export type CampaignTarget = core.CampaignTarget;
export type ChannelName = core.ChannelName;
export type Contact = core.Contact;
/** A contact as the list shows it: with the contacts holding the same phone or email. */
export type ContactListItem = Contact & { possiblySame: { id: string; name: string }[] };
export type ConversationKind = core.ConversationKind;
export type DeliveryStatus = core.DeliveryStatus;
export type GuardIntervention = core.GuardIntervention;

export const CHANNEL_NAMES: ChannelName[] = ['web', 'telegram', 'whatsapp', 'sms', 'email', 'teams'];
/** How each channel is written for people. */
export const CHANNEL_LABELS: Record<string, string> = {
  web: 'Web',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  email: 'Email',
  teams: 'Teams',
};

export interface Page<T> {
  items: T[];
  total: number;
  page?: number;
  limit?: number;
}

export interface Items<T> {
  items: T[];
}

export interface EntryLink {
  id: string;
  name: string;
  mode: 'standard' | 'strict';
  customPrompt: string | null;
  token: string;
  code: string;
  urls: { web: string; telegram?: string; whatsapp?: string; teams?: string };
  createdAt: string;
  updatedAt: string;
}

export interface Offer {
  id: string;
  name: string;
  kind: 'course' | 'product' | 'service';
  description: string;
  price: number;
  currency: string;
  paymentUrl: string | null;
  visible: boolean;
}

export interface Article {
  id: string;
  title: string;
  body: string;
  visible: boolean;
}

export interface PromoCode {
  id: string;
  code: string;
  description: string;
  discount: { percent?: number; amount?: number };
  validUntil: string | null;
  maxUses: number | null;
  uses: number;
}

export interface AssistantSettings {
  basePrompt: string;
  campaignPrompt: string;
  offTopicReply: string;
  paymentLinks: { twint?: string; stripe?: string; paypal?: string; other?: string };
  provider: string;
  model: string;
  memory: { messages: number; hours: number };
  replyWindowMs?: number;
  handbackMinutes?: number | null;
  dailyTokenBudget?: number | null;
  safeDomains?: string[];
}

export interface ImportReport {
  imported: number;
  refused: { row: number; reason: string }[];
}

export interface Conversation {
  id: string;
  kind: ConversationKind;
  title: string;
  contactId: string | null;
  channel: ChannelName;
  linkId: string | null;
  mode: 'standard' | 'strict';
  handoff: boolean;
  /** The assistant left a question to the coach (and goes on answering); null once the coach answered. */
  coachNeededAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
}

export interface Message {
  id: string;
  conversationId: string;
  sender: { type: 'contact' | 'coach' | 'assistant' | 'system'; id?: string; name: string };
  text: string;
  media?: { url: string; contentType?: string; name?: string }[];
  status: string;
  error?: { code: string; message: string };
  guard?: GuardIntervention[];
  /** A private note of the team (never sent to the customer). */
  kind?: 'note';
  /** Sent for a campaign (issue 19): the id (live events) and the name (history). */
  campaignId?: string;
  campaign?: { id: string; name: string | null };
  createdAt: string;
}

export interface TrackedLink {
  id: string;
  url: string;
  clicks: number;
  createdAt: string;
  lastClickAt: string | null;
}

export interface Group {
  id: string;
  name: string;
  channel: ChannelName;
  memberCount: number;
  /** The web chat link that joins the group (issue 19). */
  inviteUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface GroupMember {
  id: string;
  name: string;
  joinedAt?: string;
}

export const CAMPAIGN_STATUSES: CampaignStatus[] = [
  'draft',
  'scheduled',
  'sending',
  'completed',
  'failed',
  'cancelled',
];

export const DELIVERY_STATUSES: DeliveryStatus[] = [
  'pending',
  'sent',
  'delivered',
  'read',
  'failed',
  'skipped',
];
export type DeliveryCounts = core.DeliveryCounts;

export interface CampaignInput {
  name: string;
  message: string;
  mediaUrl?: string | null;
  /** The subject of its emails ({firstName}, {name}); null: the campaign's name. */
  subject?: string | null;
  targets: CampaignTarget[];
  channels: ChannelName[];
  schedule: CampaignSchedule;
  rate?: number | null;
  /** WhatsApp Content template for recipients outside the 24-hour window. */
  whatsappTemplate?: { contentSid: string; variables?: Record<string, string> } | null;
  /** Daily, HH:MM in the business's time zone: nothing is sent from `from` to `to`. */
  quietHours?: core.QuietHours | null;
}

export interface Campaign extends CampaignInput {
  id: string;
  status: CampaignStatus;
  counts?: Partial<DeliveryCounts>;
  error?: { code: string; message: string } | null;
  /** What the coach should know (e.g. WhatsApp without a template). */
  notes?: string[];
  launchedAt?: string | null;
  completedAt?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A delivery as the campaigns API lists it and the socket announces it. */
export type Delivery = core.DeliveryView;

export interface ChannelInfo {
  name: string;
  enabled?: boolean;
  state?: string;
  provider?: string;
  detail?: string;
  account?: string;
  mode?: string;
  lastError?: { code?: string; message: string; at: string };
  capabilities?: { groups?: boolean };
  /** Why a capability is off on this channel (WhatsApp through Twilio: no groups). */
  unsupported?: { groups?: string };
}

export interface AdminUserView {
  id: string;
  email: string;
  name: string;
  role: 'owner' | 'agent';
  totpEnabled: boolean;
  createdAt: string;
}

/** One calendar day (in the business's time zone) of messages and conversations. */
export interface DayActivity {
  day: string;
  messages: number;
  fromContacts: number;
  assistant: number;
  coach: number;
  conversations: number;
  newConversations: number;
}

export interface Stats {
  today: Omit<DayActivity, 'day'> & {
    day: string;
    handoffs: number;
    /** More than the server counts (10,000): shown "10,000+". */
    handoffsMore: boolean;
    handoffsWaiting: number;
    handoffsWaitingMore: boolean;
  };
  /** The last 14 days, oldest first; today last. */
  activity: DayActivity[];
  timeZone: string;
  aiUsage: AiUsage[];
  aiBudget: { dailyTokenBudget: number | null; usedToday: number; exhausted: boolean };
  guardInterventions: number;
}
