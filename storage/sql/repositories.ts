import type { Repositories } from '../types.js';
import { SqlAdminUserRepository, SqlSessionRepository } from './admin.js';
import { SqlAuditLogRepository } from './audit-log.js';
import { SqlArticleRepository, SqlOfferRepository, SqlPromoCodeRepository } from './catalog.js';
import type { SqlExecutor } from './executor.js';
import { SqlChannelStateRepository, SqlLeaseRepository } from './channel-state.js';
import { SqlConsentRepository } from './consents.js';
import { SqlContactRepository } from './contacts.js';
import { SqlLinkRepository } from './links.js';
import { SqlLoginAttemptRepository } from './login-attempts.js';
import { SqlSettingsRepository } from './settings.js';
import { SqlAiUsageRepository, SqlTrackedLinkRepository } from './tracking.js';

/**
 * The repositories with one implementation for both backends, on one executor. Cheap to make (their
 * queries are compiled once per process): a PostgreSQL unit makes a set per transaction.
 */
export function createSharedRepositories(executor: SqlExecutor, now: () => Date) {
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
    leases: new SqlLeaseRepository(executor),
  } satisfies Partial<Repositories>;
}
