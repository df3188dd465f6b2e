import type { Repositories } from '../types.js';
import { SqlActivityDayRepository } from './activity-days.js';
import { SqlAttachmentRepository, SqlCoachReadRepository } from './attachments.js';
import { SqlAdminUserRepository, SqlSessionRepository } from './admin.js';
import { SqlAuditLogRepository } from './audit-log.js';
import { SqlBookingRepository } from './bookings.js';
import { SqlCampaignRepository } from './campaigns.js';
import { CLASSES, SqlClassRepository } from './classes.js';
import { SqlArticleRepository, SqlOfferRepository, SqlPromoCodeRepository } from './catalog.js';
import type { SqlExecutor } from './executor.js';
import { SqlChannelStateRepository, SqlLeaseRepository } from './channel-state.js';
import { SqlConsentRepository } from './consents.js';
import { SqlDeliveryRepository } from './deliveries.js';
import type { DeliveryLedger } from './delivery-ledger.js';
import { SqlEarlyReportRepository } from './early-reports.js';
import { SqlTurnLeaseRepository } from './turns.js';
import { SqlRateBucketRepository } from './rate-buckets.js';
import { SqlContactRepository } from './contacts.js';
import { type SearchIndex, SqlConversationRepository } from './conversations.js';
import { SqlLinkRepository } from './links.js';
import type { MessageDedupe } from './message-dedupe.js';
import { SqlMessageRepository } from './messages.js';
import { SqlOutboxRepository } from './outbox.js';
import { SqlPackRepository } from './packs.js';
import { SqlPaymentRecordRepository } from './payment-records.js';
import { SqlLoginAttemptRepository } from './login-attempts.js';
import { SqlSettingsRepository } from './settings.js';
import { SqlAiUsageRepository, SqlTrackedLinkRepository } from './tracking.js';
import { SqlCannedReplyRepository } from './canned-replies.js';
import { SqlInboxRepository } from './inbox.js';
import { SqlScheduledMessageRepository } from './scheduled-messages.js';

/**
 * The repositories with one implementation for both backends, on one executor. Cheap to make (their
 * queries are compiled once per process): a PostgreSQL unit makes a set per transaction.
 */
/** What a backend brings to the shared repositories besides its executor. */
export interface BackendParts {
  /** Brings a lazily filled message index up to date (SQLite); null where it is always current. */
  search: SearchIndex | null;
  dedupe: MessageDedupe;
  ledger: DeliveryLedger;
}

export function createSharedRepositories(executor: SqlExecutor, now: () => Date, parts: BackendParts) {
  return {
    links: new SqlLinkRepository(executor, now),
    offers: new SqlOfferRepository(executor, now),
    articles: new SqlArticleRepository(executor, now),
    promoCodes: new SqlPromoCodeRepository(executor, now),
    settings: new SqlSettingsRepository(executor),
    adminUsers: new SqlAdminUserRepository(executor, now),
    sessions: new SqlSessionRepository(executor),
    loginAttempts: new SqlLoginAttemptRepository(executor),
    auditLog: new SqlAuditLogRepository(executor),
    trackedLinks: new SqlTrackedLinkRepository(executor),
    aiUsage: new SqlAiUsageRepository(executor),
    consents: new SqlConsentRepository(executor),
    contacts: new SqlContactRepository(executor, now),
    channelState: new SqlChannelStateRepository(executor),
    messages: new SqlMessageRepository(executor, parts.dedupe),
    outbox: new SqlOutboxRepository(executor),
    campaigns: new SqlCampaignRepository(executor, now),
    deliveries: new SqlDeliveryRepository(executor, parts.ledger),
    conversations: new SqlConversationRepository(executor, now, parts.search),
    leases: new SqlLeaseRepository(executor),
    classes: new SqlClassRepository(executor, CLASSES, now),
    bookings: new SqlBookingRepository(executor),
    packs: new SqlPackRepository(executor),
    payments: new SqlPaymentRecordRepository(executor),
    attachments: new SqlAttachmentRepository(executor),
    coachReads: new SqlCoachReadRepository(executor),
    inbox: new SqlInboxRepository(executor),
    cannedReplies: new SqlCannedReplyRepository(executor, now),
    scheduledMessages: new SqlScheduledMessageRepository(executor),
    earlyReports: new SqlEarlyReportRepository(executor),
    turns: new SqlTurnLeaseRepository(executor),
    rateBuckets: new SqlRateBucketRepository(executor),
    activityDays: new SqlActivityDayRepository(executor),
  } satisfies Partial<Repositories>;
}
