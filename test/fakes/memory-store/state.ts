/** The fake store's tables (plain Maps) and the helpers every repository of it shares. */
import { ConflictError } from '../../../core/errors.js';
import type { DayActivity, Lease, PageQuery } from '../../../core/repositories.js';
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
  /** Closed days' dashboard figures, by `key(timeZone, day)`. */
  activityDays: Map<string, DayActivity>;
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
