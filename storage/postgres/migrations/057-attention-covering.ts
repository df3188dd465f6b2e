import type { PostgresMigration } from './migration.js';

/** `conversations_attention` holding what the waiting and handoff figures read (embedded 072). */
export const attentionCovering: PostgresMigration = {
  version: 57,
  name: 'attention-covering',
  up: `
DROP INDEX conversations_attention;
CREATE INDEX conversations_attention ON conversations (coalesce(last_message_at, created_at), id)
  INCLUDE (coach_needed_at, handoff, kind)
  WHERE archived_at IS NULL AND (handoff OR coach_needed_at IS NOT NULL);`,
};
