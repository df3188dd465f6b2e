/** Domain types shared by every layer. Plain data: no SDK, no driver, no HTTP. */

export const CHANNELS = ['web', 'telegram', 'whatsapp', 'sms', 'email', 'teams'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export type LinkMode = 'standard' | 'strict';
export type ConversationKind = 'assistant' | 'group' | 'direct';
export type SenderType = 'contact' | 'coach' | 'assistant' | 'system';
/** received: an inbound message stored; queued..failed: an outbound message's delivery state. */
export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface ErrorInfo {
  code: string;
  message: string;
}

export interface Contact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  /**
   * Whether a channel proved `email` / `phone` (a message received from that address or number).
   * false: contact data someone typed (a visitor at `join` or in a message, or the coach), shown as
   * unverified; a claim never becomes a channel identity (docs/DECISIONS.md, "Identity").
   */
  emailVerified: boolean;
  phoneVerified: boolean;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

/** How one channel names a contact (Telegram user id, E.164 number, web member id, ...). */
export interface ChannelIdentity {
  channel: ChannelName;
  externalId: string;
  contactId: string;
  createdAt: string;
}

export interface Conversation {
  id: string;
  kind: ConversationKind;
  title: string;
  /** The customer of an assistant conversation; null for groups. */
  contactId: string | null;
  /** The channel the conversation lives on (the customer's channel for assistant conversations). */
  channel: ChannelName;
  /** The chat id on that channel, when the channel has one (Telegram chat id, WhatsApp number). */
  externalChatId: string | null;
  linkId: string | null;
  /** The mode the conversation started in; kept even if the link changes later. */
  mode: LinkMode;
  /** true while the coach has taken the conversation over: the assistant stays silent. */
  handoff: boolean;
  /** When the handoff began, or when the coach last wrote during it (automatic hand-back counts from it). */
  handoffAt: string | null;
  /**
   * When the assistant left a question to the coach (nothing it knows answered it) and went on
   * answering; null once the coach has written or handed the conversation back. Such a conversation
   * is waiting for the coach without being handed off.
   */
  coachNeededAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
}

export interface ConversationMember {
  conversationId: string;
  contactId: string;
  lastReadMessageId: string | null;
  joinedAt: string;
}

export interface Media {
  url: string;
  contentType?: string;
  name?: string;
}

export interface Sender {
  type: SenderType;
  id?: string;
  name: string;
}

/** Something the STRICT output guard removed from an answer before it was stored or sent. */
export interface GuardIntervention {
  kind: 'amount' | 'payment_url' | 'url' | 'shortener' | 'payment_handle' | 'bank_account';
  /** The exact text the guard found ("490 CHF", "paypal dot me slash x"). */
  removed: string;
  /** The whole passage it replaced with a short phrase (absent on messages guarded before it was kept). */
  passage?: string;
}

export interface Message {
  id: string;
  conversationId: string;
  sender: Sender;
  text: string;
  media?: Media[];
  channel: ChannelName;
  status: MessageStatus;
  error?: ErrorInfo;
  /** The channel's own id of the message (inbound), or the provider's id once sent (outbound). */
  externalId?: string;
  clientMessageId?: string;
  /** What the STRICT guard removed from this answer (shown to the coach, never to the customer). */
  guard?: GuardIntervention[];
  /**
   * Outbound only: the approved WhatsApp template this message goes as (outside the 24-hour window);
   * `text` stays what the coach reads. Kept with the message so a retry sends it the same way.
   */
  template?: MessageTemplate;
  /** Buttons offered with the message (web chat buttons, Telegram inline keyboard, numbered elsewhere). */
  actions?: MessageAction[];
  /**
   * 'note': a private note of the coach's team (core/notes.ts), stored in the thread for agents only:
   * never sent on a channel, never shown to members, never in an AI prompt. Absent: a message.
   */
  kind?: 'note';
  /** Outbound only: the campaign this message was sent for (the inbox marks it). */
  campaignId?: string;
  createdAt: string;
}

/** A button of a message; choosing it is equivalent to typing the choice (`id` names what it does). */
export interface MessageAction {
  id: string;
  label: string;
}

/** An approved WhatsApp Content template (Twilio `contentSid` HX…) and its variables ({"1": "Ada"}). */
export interface MessageTemplate {
  contentSid: string;
  variables?: Record<string, string>;
}

export interface EntryLink {
  id: string;
  name: string;
  mode: LinkMode;
  customPrompt: string | null;
  /** Long, unguessable token used in URLs (web, Telegram deep link). */
  token: string;
  /** Short code a customer can type (WhatsApp prefilled text). */
  code: string;
  createdAt: string;
  updatedAt: string;
}

export type OfferKind = 'course' | 'product' | 'service';

export interface Offer {
  id: string;
  name: string;
  kind: OfferKind;
  description: string;
  price: number;
  currency: string;
  paymentUrl: string | null;
  visible: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Article {
  id: string;
  title: string;
  body: string;
  visible: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PromoCode {
  id: string;
  code: string;
  description: string;
  discount: { percent?: number; amount?: number };
  validUntil: string | null;
  maxUses: number | null;
  uses: number;
  createdAt: string;
  updatedAt: string;
}

export interface PaymentLinks {
  twint?: string;
  stripe?: string;
  paypal?: string;
  other?: string;
}

export interface AssistantSettings {
  basePrompt: string;
  campaignPrompt: string;
  offTopicReply: string;
  paymentLinks: PaymentLinks;
  provider: string;
  model: string;
  memory: { messages: number; hours: number };
  /** Messages sent within this many milliseconds of a first one are answered together (default 1,500). */
  replyWindowMs?: number;
  /** Minutes without the coach writing after which a handed-off conversation goes back to the assistant. */
  handbackMinutes?: number | null;
  /** Tokens a day the model may use; past it the offline assistant answers until midnight (UTC). Unset: no limit. */
  dailyTokenBudget?: number | null;
  /** Domains a STRICT answer may link to besides the public URL (subdomains included); unset: none. */
  safeDomains?: string[];
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One outbound message waiting for (or done with) its channel. */
export interface OutboxEntry {
  id: string;
  messageId: string;
  conversationId: string;
  channel: ChannelName;
  /** The channel-side address (chat id, number, member id); null for the web (rooms). */
  recipient: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  leaseUntil: string | null;
  /** The process holding the lease (the one sending it now); null while pending. */
  claimedBy: string | null;
  lastError: ErrorInfo | null;
  createdAt: string;
  updatedAt: string;
}

export type AdminRole = 'owner' | 'agent';

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
  passwordHash: string;
  /** Two-factor sign-in: the TOTP secret sealed with SECRET_KEY, from set-up on; null when off. */
  totpSecret: string | null;
  /** When 2FA was turned on (a code confirmed the set-up); null while it is off. */
  totpEnabledAt: string | null;
  /** The last TOTP time step a code was accepted for: codes of that step or older are refused. */
  totpLastStep: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface AdminSession {
  /** sha256 of the cookie value: a stolen database does not yield live sessions. */
  id: string;
  userId: string;
  ip: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface AuditEntry {
  id: string;
  userId: string | null;
  action: string;
  target: string | null;
  details: unknown;
  ip: string | null;
  createdAt: string;
}

/** A payment link the assistant sent, rewritten to /p/:id so a click is counted on its conversation. */
export interface TrackedLink {
  id: string;
  conversationId: string;
  url: string;
  clicks: number;
  createdAt: string;
  lastClickAt: string | null;
}

/** Tokens a provider used on one day (UTC date, YYYY-MM-DD). */
export interface AiUsage {
  day: string;
  provider: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

/** Whether a contact accepts messages the business starts (campaigns) on one channel. */
export interface Consent {
  contactId: string;
  channel: ChannelName;
  /** true after STOP (and its synonyms); false again after START. */
  optedOut: boolean;
  updatedAt: string;
}

export type * from './types-campaigns.js';

/** A scheduler job as stored (Agenda's job document, backend-neutral). */
export interface StoredJob {
  _id?: string;
  name: string;
  priority: number;
  nextRunAt: Date | null;
  type: 'normal' | 'single';
  lockedAt?: Date;
  lastFinishedAt?: Date;
  failedAt?: Date;
  failCount?: number;
  failReason?: string;
  repeatTimezone?: string;
  lastRunAt?: Date;
  repeatInterval?: string | number;
  data: unknown;
  repeatAt?: string;
  disabled?: boolean;
  progress?: number;
  debounceStartedAt?: Date;
  lastModifiedBy?: string;
  fork?: boolean;
  startDate?: Date;
  endDate?: Date;
  skipDays?: number[];
}
