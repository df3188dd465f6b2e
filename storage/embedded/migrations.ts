import type { SqliteDatabase } from './database.js';
import { initial } from './migrations/001-initial.js';
import { messageGuard } from './migrations/002-message-guard.js';
import { tracking } from './migrations/003-tracking.js';
import { handoffAt } from './migrations/004-handoff-at.js';
import { consents } from './migrations/005-consents.js';
import { community } from './migrations/006-community.js';
import { campaigns } from './migrations/007-campaigns.js';
import { channelState } from './migrations/009-channel-state.js';
import { whatsappTemplate } from './migrations/010-whatsapp-template.js';
import { dropConversationsKind } from './migrations/011-drop-conversations-kind.js';
import { totp } from './migrations/012-totp.js';
import { outboxQueued } from './migrations/013-outbox-queued.js';
import { dedupeHashIndex } from './migrations/014-dedupe-hash.js';
import { quietHours } from './migrations/015-quiet-hours.js';
import { verifiedContactData } from './migrations/016-verified-contact-data.js';
import { loginAttemptSlots } from './migrations/017-login-attempt-slots.js';
import { coachNeededAt } from './migrations/018-coach-needed-at.js';
import { campaignEmailSubject } from './migrations/019-campaign-email-subject.js';
import { earlyReports } from './migrations/020-early-reports.js';
import { outboxClaims } from './migrations/021-outbox-claims.js';
import { turns } from './migrations/022-turns.js';
import { rateBuckets } from './migrations/023-rate-buckets.js';
import { classesBookings } from './migrations/030-classes-bookings.js';
import { packsPayments } from './migrations/035-packs-payments.js';
import { attachments } from './migrations/040-attachments.js';
import { inbox } from './migrations/045-inbox.js';
import { messageCampaign } from './migrations/050-message-campaign.js';
import { groupChatKey } from './migrations/065-group-chat-key.js';
import { activityDays } from './migrations/070-activity-days.js';
import { listIndexes } from './migrations/071-list-indexes.js';
import { attentionCovering } from './migrations/072-attention-covering.js';
import { messageSearchPrefixes } from './migrations/073-message-search-prefixes.js';
import { messageSearchMerges } from './migrations/074-message-search-merges.js';
import type { Migration } from './migrations/migration.js';

/** Every migration, in version order. Append new ones; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  messageGuard,
  tracking,
  handoffAt,
  consents,
  community,
  campaigns,
  channelState,
  whatsappTemplate,
  dropConversationsKind,
  totp,
  outboxQueued,
  dedupeHashIndex,
  quietHours,
  verifiedContactData,
  loginAttemptSlots,
  coachNeededAt,
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
  messageSearchPrefixes,
  messageSearchMerges,
];

/** Applies the migrations not yet recorded in schema_migrations; returns the versions applied. */
export function migrate(
  db: SqliteDatabase,
  now: () => Date,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
  const done = new Set(rows.map((row) => row.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    // The script and its record commit together: a crash never leaves a half-applied version.
    db.transaction(() => {
      db.exec(migration.up);
      migration.run?.(db);
      record.run(migration.version, now().toISOString());
    })();
    applied.push(migration.version);
  }
  return applied;
}
