import type pg from 'pg';
import { baseline } from './migrations/001-baseline.js';
import { search } from './migrations/002-search.js';
import { campaignEmailSubject } from './migrations/003-campaign-email-subject.js';
import { earlyReports } from './migrations/004-early-reports.js';
import { outboxClaims } from './migrations/005-outbox-claims.js';
import { turns } from './migrations/006-turns.js';
import { rateBuckets } from './migrations/007-rate-buckets.js';
import { classesBookings } from './migrations/014-classes-bookings.js';
import { packsPayments } from './migrations/019-packs-payments.js';
import { attachments } from './migrations/024-attachments.js';
import { inbox } from './migrations/029-inbox.js';
import { messageCampaign } from './migrations/034-message-campaign.js';
import { groupChatKey } from './migrations/049-group-chat-key.js';
import { activityDays } from './migrations/055-activity-days.js';
import { listIndexes } from './migrations/056-list-indexes.js';
import { attentionCovering } from './migrations/057-attention-covering.js';
import { messageWords } from './migrations/058-message-words.js';
import { trigramSearch } from './migrations/059-trigram-search.js';
import type { PostgresMigration } from './migrations/migration.js';

/** Every PostgreSQL migration, in version order. Append new ones; never edit a released one. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  baseline,
  search,
  campaignEmailSubject,
  earlyReports,
  outboxClaims,
  turns,
  rateBuckets,
  classesBookings,
  packsPayments,
  attachments,
  inbox,
  messageCampaign,
  groupChatKey,
  activityDays,
  listIndexes,
  attentionCovering,
  messageWords,
  trigramSearch,
];

/** The advisory lock key of migrations (any constant bigint; "kora" in ASCII). */
const MIGRATION_LOCK = 0x6b6f7261;

/**
 * Applies the migrations not yet recorded, all in one transaction under an advisory lock: processes
 * starting together migrate once (the others wait for the lock, then find nothing to do), and a
 * failure leaves the schema as it was. Returns the versions applied.
 */
export async function migratePostgres(
  pool: pg.Pool,
  now: () => Date,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)',
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query(migration.up);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
        migration.version,
        now().toISOString(),
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
