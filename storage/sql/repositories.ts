import type { Repositories } from '../types.js';
import { SqlArticleRepository, SqlOfferRepository, SqlPromoCodeRepository } from './catalog.js';
import type { SqlExecutor } from './executor.js';
import { SqlLinkRepository } from './links.js';
import { SqlSettingsRepository } from './settings.js';

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
  } satisfies Partial<Repositories>;
}
