import type { Migration } from './migration.js';

/**
 * 006's index on (kind, last_message_at) served no query (lists order by coalesce(last_message_at,
 * created_at), which it cannot give) and was rewritten on every message: each one moves its
 * conversation's last_message_at. Dropped.
 */
export const dropConversationsKind: Migration = {
  version: 11,
  name: 'drop-conversations-kind',
  up: 'DROP INDEX IF EXISTS conversations_kind;',
};
