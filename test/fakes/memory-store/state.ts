/** The fake store's tables (plain Maps) and the helpers every repository of it shares. */
import type { StoredAttachment } from '../../../core/repositories-web-chat.js';
import { ConflictError } from '../../../core/errors.js';
import type {
  DayActivity,
  EarlyReport,
  Lease,
  PageQuery,
  PaymentLink,
  SessionState,
} from '../../../core/repositories.js';
import type { Pack, PackCredit } from '../../../core/payments/types.js';
import type { Booking, ClassDef } from '../../../core/bookings/types.js';
import type { CannedReply, InboxStatus, ScheduledMessage } from '../../../core/inbox-types.js';
import type {
  AdminSession,
  AiUsage,
  AdminUser,
  Article,
  AssistantSettings,
  AuditEntry,
  Campaign,
  ChannelIdentity,
  Consent,
  Contact,
  Conversation,
  ConversationMember,
  Delivery,
  EntryLink,
  Message,
  Offer,
  OutboxEntry,
  PromoCode,
  StoredJob,
  TrackedLink,
} from '../../../core/types.js';

export interface MemoryState {
  contacts: Map<string, Contact>;
  /** By `key(channel, externalId)`. */
  identities: Map<string, ChannelIdentity>;
  conversations: Map<string, Conversation>;
  /** Archived (deleted) conversations: id -> when. */
  archived: Map<string, string>;
  /** By `key(conversationId, contactId)`. */
  members: Map<string, ConversationMember>;
  messages: Map<string, Message>;
  /** Dedupe key -> message id. */
  dedupeKeys: Map<string, string>;
  links: Map<string, EntryLink>;
  offers: Map<string, Offer>;
  articles: Map<string, Article>;
  promoCodes: Map<string, PromoCode>;
  /** The single assistant settings document, under the key 'assistant'. */
  assistant: Map<'assistant', AssistantSettings>;
  values: Map<string, string>;
  outbox: Map<string, OutboxEntry>;
  adminUsers: Map<string, AdminUser>;
  /** Recovery code hashes: `key(userId, hash)` -> userId. */
  recoveryCodes: Map<string, string>;
  sessions: Map<string, AdminSession>;
  /** Login failure times by key. */
  /** key → slot → the attempt holding it. */
  loginAttempts: Map<string, Map<number, { id: string; at: string }>>;
  auditLog: Map<string, AuditEntry>;
  trackedLinks: Map<string, TrackedLink>;
  /** By `key(day, provider)`. */
  aiUsage: Map<string, AiUsage>;
  /** By `key(contactId, channel)`. */
  consents: Map<string, Consent>;
  campaigns: Map<string, Campaign>;
  deliveries: Map<string, Delivery>;
  /** Ledger unique key `key(campaignId, slot, recipientId, channel)` -> delivery id. */
  deliveryKeys: Map<string, string>;
  jobs: Map<string, StoredJob>;
  /** By `key(namespace, key)`. */
  channelState: Map<string, { namespace: string; key: string; value: string; updatedAt: string }>;
  leases: Map<string, Lease>;
  earlyReports: Map<string, { report: EarlyReport; rank: number }>;
  rateBuckets: Map<string, number>;
  turns: Map<string, { holder: string | null; leaseUntil: string | null; answeredThrough: string | null }>;
  classes: Map<string, ClassDef>;
  classSessions: Map<string, Omit<SessionState, 'waiting'>>;
  bookings: Map<string, Booking>;
  /** `key(bookingId, minutesBefore)` -> outcome. */
  bookingReminders: Map<string, string>;
  packs: Map<string, Pack>;
  packCredits: Map<string, PackCredit>;
  /** Booking id -> the credit it took a session from. */
  packUses: Map<string, string>;
  /** Payment event id -> type. */
  paymentEvents: Map<string, string>;
  paymentLinks: Map<string, PaymentLink>;
  attachments: Map<string, StoredAttachment>;
  /** Conversation id -> the newest message the coach read. */
  coachReads: Map<string, string>;
  /** A conversation's inbox fields (absent: no message yet, open, nobody in charge). */
  inbox: Map<string, InboxRow>;
  /** `key(userId, conversationId)` -> the customer count the agent had seen. */
  inboxReads: Map<string, number>;
  cannedReplies: Map<string, CannedReply>;
  scheduledMessages: Map<string, ScheduledMessage>;
  /** Closed days' dashboard figures, by `key(timeZone, day)`. */
  activityDays: Map<string, DayActivity>;
}

/** What the SQL stores keep on the conversation row for the inbox. */
export interface InboxRow {
  lastMessage: { id: string; senderType: Message['sender']['type']; senderName: string; text: string } | null;
  inboundCount: number;
  assigneeId: string | null;
  status: InboxStatus;
  resolvedAt: string | null;
}

export function inboxRow(state: MemoryState, conversationId: string): InboxRow {
  let row = state.inbox.get(conversationId);
  if (!row) {
    row = { lastMessage: null, inboundCount: 0, assigneeId: null, status: 'open', resolvedAt: null };
    state.inbox.set(conversationId, row);
  }
  return row;
}

export function createState(): MemoryState {
  return {
    contacts: new Map(),
    identities: new Map(),
    conversations: new Map(),
    archived: new Map(),
    members: new Map(),
    messages: new Map(),
    dedupeKeys: new Map(),
    links: new Map(),
    offers: new Map(),
    articles: new Map(),
    promoCodes: new Map(),
    assistant: new Map(),
    values: new Map(),
    outbox: new Map(),
    adminUsers: new Map(),
    recoveryCodes: new Map(),
    sessions: new Map(),
    loginAttempts: new Map(),
    auditLog: new Map(),
    trackedLinks: new Map(),
    aiUsage: new Map(),
    consents: new Map(),
    campaigns: new Map(),
    deliveries: new Map(),
    deliveryKeys: new Map(),
    jobs: new Map(),
    channelState: new Map(),
    leases: new Map(),
    classes: new Map(),
    classSessions: new Map(),
    bookings: new Map(),
    bookingReminders: new Map(),
    packs: new Map(),
    packCredits: new Map(),
    packUses: new Map(),
    paymentEvents: new Map(),
    paymentLinks: new Map(),
    attachments: new Map(),
    coachReads: new Map(),
    inbox: new Map(),
    inboxReads: new Map(),
    cannedReplies: new Map(),
    scheduledMessages: new Map(),
    earlyReports: new Map(),
    rateBuckets: new Map(),
    turns: new Map(),
    activityDays: new Map(),
  };
}

/** Puts every table back to the snapshot's content, in place (repositories hold the Maps). */
export function restoreState(state: MemoryState, snapshot: MemoryState): void {
  for (const name of Object.keys(state) as (keyof MemoryState)[]) {
    const table = state[name] as Map<unknown, unknown>;
    table.clear();
    for (const [id, value] of snapshot[name] as Map<unknown, unknown>) table.set(id, value);
  }
}

/**
 * Runs a synchronous body once no transaction holds the store (outside callers), or at once (inside a
 * transaction). The body being synchronous is what keeps calls from interleaving.
 */
export type Gate = <T>(body: () => T) => Promise<T>;

/** Entities go in and out as deep copies: callers never share an object with the store. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** A composite Map key. */
export function key(...parts: (string | null)[]): string {
  return JSON.stringify(parts);
}

/** The searches fold text exactly as the embedded store does. */
export { foldForSearch as fold } from '../../../storage/sql/search-text.js';

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Same wording as the embedded store: "A link with this token already exists", field = the last one. */
export function conflict(label: string, fields: string[]): ConflictError {
  return new ConflictError(`A ${label} with this ${fields.join(' and ')} already exists`, fields.at(-1));
}

export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * Copies the defined fields of `patch` that the entity has (never `id` or `createdAt`) over `current`;
 * `updatedAt` is the patch's own when it has one, else now (the embedded store's applyPatch).
 */
export function applyPatch<T extends object>(current: T, patch: object): T {
  const next = { ...current } as Record<string, unknown>;
  for (const [name, value] of Object.entries(patch)) {
    if (value !== undefined && name in next && name !== 'id' && name !== 'createdAt')
      next[name] = copy(value);
  }
  if ('updatedAt' in current && (patch as { updatedAt?: unknown }).updatedAt === undefined) {
    next.updatedAt = nowIso();
  }
  return next as T;
}

/** `offset`/`limit` of a page query; an absent limit means all. */
export function slice<T>(items: T[], query: PageQuery): T[] {
  const offset = query.offset ?? 0;
  return query.limit === undefined ? items.slice(offset) : items.slice(offset, offset + query.limit);
}
