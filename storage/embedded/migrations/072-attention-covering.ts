import type { Migration } from './migration.js';

/**
 * `conversations_attention` (071) holding what the waiting and handoff figures read (id, coach_needed_at,
 * handoff, kind): counting the conversations that wait for the coach reads the index alone, not one
 * row per conversation (measured at 1,000,000 messages with most conversations waiting).
 */
export const attentionCovering: Migration = {
  version: 72,
  name: 'attention-covering',
  up: `
DROP INDEX conversations_attention;
CREATE INDEX conversations_attention
  ON conversations (coalesce(last_message_at, created_at), id, coach_needed_at, handoff, kind)
  WHERE archived_at IS NULL AND (handoff = 1 OR coach_needed_at IS NOT NULL);`,
};
