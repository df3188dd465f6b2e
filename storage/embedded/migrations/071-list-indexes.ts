import type { Migration } from './migration.js';

/**
 * Indexes for the admin lists on a large store (bench/growth): conversations in recency order
 * (covering the kind and the inbox's agent and status, so a list's total is counted off the index),
 * those that need the coach, by kind (groups); the folded title as a column, so a search reads it
 * instead of folding every title.
 * A search's title and customer parts scan the folded columns off narrow covering indexes
 * (`conversations_title_search`, `contacts_search_text`) instead of the wide rows: 4 times less read.
 * `conversations_recent` moves with each message (its key is the last activity); the others only
 * with handoffs, or never.
 */
export const listIndexes: Migration = {
  version: 71,
  name: 'list-indexes',
  up: `
ALTER TABLE conversations ADD COLUMN title_search TEXT NOT NULL DEFAULT '';
UPDATE conversations SET title_search = kora_fold(title);
CREATE INDEX conversations_recent
  ON conversations (coalesce(last_message_at, created_at), id, kind, assignee_id, inbox_status)
  WHERE archived_at IS NULL;
CREATE INDEX conversations_attention ON conversations (coalesce(last_message_at, created_at))
  WHERE archived_at IS NULL AND (handoff = 1 OR coach_needed_at IS NOT NULL);
CREATE INDEX conversations_of_kind ON conversations (kind) WHERE archived_at IS NULL;
CREATE INDEX conversations_title_search ON conversations (title_search, id);
CREATE INDEX contacts_search_text ON contacts (search_text, id);`,
};
