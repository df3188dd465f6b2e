/**
 * Repository interfaces: the only way the rest of Kora touches persistence.
 * Every implementation (embedded SQLite, PostgreSQL, the in-memory fake) passes the same contract suite
 * (test/storage/).
 * Core owns these ports (ARCHITECTURE.md: core imports no storage code); storage/types re-exports them.
 * Repositories are dumb: callers hand them complete entities (ids and timestamps included).
 */
import type { AttachmentRepository, CoachReadRepository } from './repositories-web-chat.js';
import type { MessageRepository, OutboxRepository } from './repositories-messages.js';
import type {
  AdminSession,
  AdminUser,
  AiUsage,
  Article,
  AssistantSettings,
  AuditEntry,
  ChannelIdentity,
  ChannelName,
  Consent,
  Contact,
  EntryLink,
  Offer,
  PromoCode,
  TrackedLink,
} from './types.js';
import type {
  CampaignRepository,
  DeliveryRepository,
  JobStoreRepository,
} from './repositories-scheduling.js';
import type { ChannelStateRepository, LeaseRepository } from './repositories-channels.js';
import type { PackRepository, PaymentRecordRepository } from './repositories-payments.js';
import type { BookingRepository, ClassRepository } from './repositories-bookings.js';
import type {
  EarlyReportRepository,
  RateBucketRepository,
  TurnLeaseRepository,
} from './repositories-durable.js';
import type {
  CannedReplyRepository,
  InboxRepository,
  ScheduledMessageRepository,
} from './repositories-inbox.js';
import type { ActivityDayRepository } from './repositories-stats.js';
import type { ConversationRepository } from './repositories-conversations.js';

export type * from './repositories-channels.js';
export type * from './repositories-durable.js';
export type * from './repositories-scheduling.js';
export type * from './repositories-bookings.js';
export type * from './repositories-payments.js';
export type * from './repositories-inbox.js';
export type * from './repositories-messages.js';
export type * from './repositories-stats.js';
export type * from './repositories-conversations.js';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  offset?: number;
  limit?: number;
}

/** Plain create/read/update/delete for small aggregates edited from the admin panel. */
export interface CrudRepository<T extends { id: string }> {
  create(entity: T): Promise<T>;
  get(id: string): Promise<T | null>;
  list(): Promise<T[]>;
  /** Applies the patch (and `updatedAt`); null when the id is unknown. */
  update(id: string, patch: Partial<Omit<T, 'id' | 'createdAt'>>): Promise<T | null>;
  /** false when the id is unknown. */
  delete(id: string): Promise<boolean>;
}

export interface ContactRepository {
  create(contact: Contact): Promise<Contact>;
  get(id: string): Promise<Contact | null>;
  /** The contacts of `ids` that exist, in no particular order. */
  getMany(ids: readonly string[]): Promise<Contact[]>;
  update(id: string, patch: Partial<Omit<Contact, 'id' | 'createdAt'>>): Promise<Contact | null>;
  list(query: PageQuery & { query?: string; tag?: string }): Promise<Page<Contact>>;
  findByIdentity(channel: ChannelName, externalId: string): Promise<Contact | null>;
  /** Throws ConflictError when (channel, externalId) already names a contact. */
  addIdentity(identity: ChannelIdentity): Promise<void>;
  listIdentities(contactId: string): Promise<ChannelIdentity[]>;
  /**
   * Contacts whose phone is one of `phones`, or whose email is one of `emails` ignoring case, at most
   * `limit`, in no particular order: who may be the same person as those holding these values.
   */
  listSharingContactData(query: {
    phones: readonly string[];
    emails: readonly string[];
    limit: number;
  }): Promise<Contact[]>;
  /**
   * Folds `sourceIds` into `targetId`, atomically: their identities, conversations, memberships,
   * messages and consents move to the target (an opt-out on a channel wins), tags are united, email
   * and phone are chosen by `mergeContactData` (a verified value before an unverified one, the
   * target's first), their assistant conversations' titles take the target's name (`retitled`), and
   * the source contacts are removed. The merged contact, or null when the target or a source is
   * unknown (then nothing changes).
   */
  merge(targetId: string, sourceIds: string[], now: string): Promise<Contact | null>;
}

export interface LinkRepository extends CrudRepository<EntryLink> {
  getByToken(token: string): Promise<EntryLink | null>;
  /** Case-insensitive. */
  getByCode(code: string): Promise<EntryLink | null>;
}

export interface OfferRepository extends CrudRepository<Offer> {
  listVisible(): Promise<Offer[]>;
}

export interface ArticleRepository extends CrudRepository<Article> {
  listVisible(): Promise<Article[]>;
}

export interface PromoCodeRepository extends CrudRepository<PromoCode> {
  /** Case-insensitive. */
  getByCode(code: string): Promise<PromoCode | null>;
  /**
   * Counts one use, atomically: the code with `uses` + 1, or null when `maxUses` is already reached
   * (or the id is unknown). Two customers can never both take the last use.
   */
  redeem(id: string, now: string): Promise<PromoCode | null>;
}

export interface SettingsRepository {
  getAssistant(): Promise<AssistantSettings | null>;
  putAssistant(settings: AssistantSettings): Promise<AssistantSettings>;
  /** Small named values (setup token hash, instance facts). */
  getValue(key: string): Promise<string | null>;
  setValue(key: string, value: string | null): Promise<void>;
}

export interface AdminUserRepository extends CrudRepository<AdminUser> {
  /** Case-insensitive. */
  getByEmail(email: string): Promise<AdminUser | null>;
  count(): Promise<number>;
  /** Sets totpLastStep to `step` only if it is after the stored one: false means a replayed code. */
  useTotpStep(id: string, step: number): Promise<boolean>;
  /** Replaces the user's one-time recovery codes (their sha256 hashes); [] removes them all. */
  setRecoveryCodes(id: string, hashes: string[]): Promise<void>;
  /** Removes the code if the user holds it: true once per code. */
  useRecoveryCode(id: string, hash: string): Promise<boolean>;
  countRecoveryCodes(id: string): Promise<number>;
}

export interface SessionRepository {
  create(session: AdminSession): Promise<void>;
  get(id: string): Promise<AdminSession | null>;
  delete(id: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
  deleteExpired(now: string): Promise<number>;
}

/** One login attempt held against a throttle key (an email or an address). */
export interface LoginAttempt {
  key: string;
  /** Unique per attempt: what `release` names. */
  id: string;
  at: string;
}

export type LoginAttemptReservation = { reserved: true } | { reserved: false; oldest: string | null };

/**
 * Login attempts, keyed by email or address, for throttling across processes. A key has `limit`
 * slots, unique per (key, slot); an attempt takes a slot that is free or whose attempt is older than
 * the window, in one conditional insert per slot, so callers racing from any number of processes
 * never hold more than `limit` attempts of one key within the window between them.
 */
export interface LoginAttemptRepository {
  /**
   * Takes a slot for `attempt` before it is evaluated. When every slot is held by an attempt at or
   * after `since`: `reserved: false` and the oldest of them (null if they went in the meantime).
   */
  reserve(attempt: LoginAttempt, since: string, limit: number): Promise<LoginAttemptReservation>;
  /** Frees the attempt's slot (it turned out not to be a failure); nothing when it is gone. */
  release(key: string, id: string): Promise<void>;
  /** Attempts held for `key` at or after `since`, and the oldest of them. */
  count(key: string, since: string): Promise<{ count: number; oldest: string | null }>;
  clear(key: string): Promise<void>;
}

/** The audit log's filters (issue 19); each unset one filters nothing. */
export interface AuditLogQuery extends PageQuery {
  userId?: string;
  /** The action's area: `contacts` matches `contacts` and `contacts.*`, nothing else. */
  area?: string;
  /** From this instant (included) to that one (excluded), ISO 8601 UTC. */
  from?: string;
  to?: string;
}

export interface AuditLogRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first; `total` counts the entries the filters keep. */
  list(query: AuditLogQuery): Promise<Page<AuditEntry>>;
}

export interface TrackedLinkRepository {
  create(link: TrackedLink): Promise<TrackedLink>;
  get(id: string): Promise<TrackedLink | null>;
  /**
   * Counts one click (atomically); `lastClickAt` becomes the latest click time, whatever order
   * concurrent clicks are written in. The link after it, or null when the id is unknown.
   */
  recordClick(id: string, at: string): Promise<TrackedLink | null>;
  /** Oldest first. */
  listForConversation(conversationId: string): Promise<TrackedLink[]>;
}

export interface AiUsageRepository {
  /** Adds one call and its tokens to the day's totals for the provider (atomically; created when missing). */
  add(day: string, provider: string, inputTokens: number, outputTokens: number): Promise<void>;
  /** Every (day, provider) row with day >= sinceDay, ordered by day then provider. */
  list(sinceDay: string): Promise<AiUsage[]>;
}

/** Opt-out per (contact, channel): campaigns skip the contacts opted out on their channel. */
export interface ConsentRepository {
  /** Creates or replaces the consent of (contactId, channel). */
  set(consent: Consent): Promise<void>;
  /** null when the contact never opted out or in on that channel. */
  get(contactId: string, channel: ChannelName): Promise<Consent | null>;
  /** Ids of the contacts opted out on `channel`, in id order. */
  listOptedOut(channel: ChannelName): Promise<string[]>;
}

export interface Repositories {
  attachments: AttachmentRepository;
  coachReads: CoachReadRepository;
  contacts: ContactRepository;
  conversations: ConversationRepository;
  messages: MessageRepository;
  links: LinkRepository;
  offers: OfferRepository;
  articles: ArticleRepository;
  promoCodes: PromoCodeRepository;
  settings: SettingsRepository;
  outbox: OutboxRepository;
  adminUsers: AdminUserRepository;
  sessions: SessionRepository;
  loginAttempts: LoginAttemptRepository;
  auditLog: AuditLogRepository;
  trackedLinks: TrackedLinkRepository;
  aiUsage: AiUsageRepository;
  consents: ConsentRepository;
  campaigns: CampaignRepository;
  deliveries: DeliveryRepository;
  jobs: JobStoreRepository;
  channelState: ChannelStateRepository;
  leases: LeaseRepository;
  classes: ClassRepository;
  bookings: BookingRepository;
  packs: PackRepository;
  payments: PaymentRecordRepository;
  inbox: InboxRepository;
  cannedReplies: CannedReplyRepository;
  scheduledMessages: ScheduledMessageRepository;
  earlyReports: EarlyReportRepository;
  turns: TurnLeaseRepository;
  rateBuckets: RateBucketRepository;
  activityDays: ActivityDayRepository;
}

export interface UnitOptions {
  /**
   * The unit decides nothing from what it reads: it writes facts (sends recorded as sent). It stays
   * atomic, but a backend need not isolate it further from concurrent units (PostgreSQL runs it at
   * READ COMMITTED: no predicate locks, no serialization failure to retry).
   */
  writesOnly?: boolean;
  /**
   * The unit decides only from rows it locks (`conversations.lock`, `lockLatestByExternalChat`) and
   * from unique keys. A backend need not isolate it further (PostgreSQL runs it at READ COMMITTED: no
   * predicate locks, so no false conflicts between units of different conversations), and a unique
   * conflict that escapes it is a race lost to a concurrent unit (an identity created meanwhile): the
   * unit is run again and finds the winner's row. Only for units where no conflict is the caller's
   * mistake (an ingest, an answer), else a wrong request would be tried again and again.
   */
  locking?: boolean;
}

export interface Store extends Repositories {
  readonly kind: 'embedded' | 'postgres';
  /**
   * Runs `work` as one atomic unit: every write through `tx` commits together or not at all, and no
   * other caller ever sees or joins a half-done unit. Whether outside callers wait meanwhile (one
   * SQLite connection) or read the last committed state (PostgreSQL) is the backend's business:
   * concurrency is decided by unique keys and conditional updates, never by waiting. `work` may be
   * run again after a serialization failure (PostgreSQL), so side effects go after it returns.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>, options?: UnitOptions): Promise<T>;
  /** Throws when the store cannot answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
