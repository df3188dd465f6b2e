/**
 * An in-memory fake of the `Store` port for core's unit tests: plain Maps, no database. It follows
 * the repositories' documented semantics (copies in and out, ConflictError on unique keys, the same
 * orderings) and passes the storage contract suite (test/storage/memory.test.ts).
 * One section per repository lives in ./memory-store/.
 */
import type { Repositories, Store } from '../../core/repositories.js';
import { createActivityDayRepository } from './memory-store/activity-days.js';
import {
  createAuditLogRepository,
  createLoginAttemptRepository,
  createSessionRepository,
} from './memory-store/admin.js';
import {
  createAdminUserRepository,
  createArticleRepository,
  createLinkRepository,
  createOfferRepository,
  createPromoCodeRepository,
} from './memory-store/crud.js';
import { createBookingRepository, createClassRepository } from './memory-store/bookings.js';
import { createCampaignRepository, createDeliveryRepository } from './memory-store/campaigns.js';
import { createConsentRepository } from './memory-store/consents.js';
import { createContactRepository } from './memory-store/contacts.js';
import { createConversationRepository } from './memory-store/conversations.js';
import { createJobStoreRepository } from './memory-store/jobs.js';
import { createChannelStateRepository, createLeaseRepository } from './memory-store/channel-state.js';
import { createAttachmentRepository, createCoachReadRepository } from './memory-store/attachments.js';
import {
  createEarlyReportRepository,
  createRateBucketRepository,
  createTurnLeaseRepository,
} from './memory-store/durable.js';
import { createMessageRepository } from './memory-store/messages.js';
import {
  createCannedReplyRepository,
  createInboxRepository,
  createScheduledMessageRepository,
} from './memory-store/inbox.js';
import { createOutboxRepository } from './memory-store/outbox.js';
import { createPackRepository, createPaymentRecordRepository } from './memory-store/packs.js';
import { createSettingsRepository } from './memory-store/settings.js';
import { createAiUsageRepository, createTrackedLinkRepository } from './memory-store/tracking.js';
// The same FIFO lock as the embedded store: the fake must queue calls exactly as it does.
import { StoreLock } from '../../storage/embedded/lock.js';
import { createState, type Gate, type MemoryState, restoreState } from './memory-store/state.js';

function createRepositories(state: MemoryState, gate: Gate): Repositories {
  return {
    contacts: createContactRepository(state, gate),
    conversations: createConversationRepository(state, gate),
    messages: createMessageRepository(state, gate),
    links: createLinkRepository(state, gate),
    offers: createOfferRepository(state, gate),
    articles: createArticleRepository(state, gate),
    promoCodes: createPromoCodeRepository(state, gate),
    settings: createSettingsRepository(state, gate),
    outbox: createOutboxRepository(state, gate),
    adminUsers: createAdminUserRepository(state, gate),
    sessions: createSessionRepository(state, gate),
    loginAttempts: createLoginAttemptRepository(state, gate),
    auditLog: createAuditLogRepository(state, gate),
    trackedLinks: createTrackedLinkRepository(state, gate),
    aiUsage: createAiUsageRepository(state, gate),
    consents: createConsentRepository(state, gate),
    campaigns: createCampaignRepository(state, gate),
    deliveries: createDeliveryRepository(state, gate),
    jobs: createJobStoreRepository(state, gate),
    channelState: createChannelStateRepository(state, gate),
    leases: createLeaseRepository(state, gate),
    classes: createClassRepository(state, gate),
    bookings: createBookingRepository(state, gate),
    packs: createPackRepository(state, gate),
    payments: createPaymentRecordRepository(state, gate),
    attachments: createAttachmentRepository(state, gate),
    coachReads: createCoachReadRepository(state, gate),
    inbox: createInboxRepository(state, gate),
    cannedReplies: createCannedReplyRepository(state, gate),
    scheduledMessages: createScheduledMessageRepository(state, gate),
    earlyReports: createEarlyReportRepository(state, gate),
    turns: createTurnLeaseRepository(state, gate),
    rateBuckets: createRateBucketRepository(state, gate),
    activityDays: createActivityDayRepository(state, gate),
  };
}

export function createMemoryStore(): Store {
  const state = createState();
  const lock = new StoreLock();
  // Outside callers wait while a transaction holds the store, like the real stores; repository bodies
  // are synchronous, so once started a call can never land in the middle of a transaction.
  const outside: Gate = (body) => lock.whenFree(async () => body());
  // Calls through `tx` belong to the transaction holding the lock: they run at once.
  const inside: Gate = async (body) => body();
  const repositories = createRepositories(state, outside);
  const tx = createRepositories(state, inside);

  return {
    // The union has no 'memory': this is a test fake, not the embedded (SQLite) store.
    kind: 'embedded',
    ...repositories,
    async transaction(work) {
      await lock.acquire();
      const snapshot = structuredClone(state);
      try {
        return await work(tx);
      } catch (error) {
        restoreState(state, snapshot);
        throw error;
      } finally {
        lock.release();
      }
    },
    ping: () => outside(() => undefined),
    // Like the real stores, closing waits for the open transaction.
    close: () => outside(() => undefined),
  };
}
