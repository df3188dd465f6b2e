import type { Migration } from './migration.js';

/**
 * Every send is a claimed outbox row (issue 17): `claimed_by` names the process holding its lease. A
 * reply's row is written in the reply's own transaction, so messages left `queued` no longer need
 * finding: those of an older version get their row here, and `messages_queued` and `outbox_message`
 * (which served that search) go.
 */
export const outboxClaims: Migration = {
  version: 21,
  name: 'outbox-claims',
  up: `
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
INSERT OR IGNORE INTO outbox (id, message_id, conversation_id, channel, recipient, status, attempts,
    next_attempt_at, lease_until, last_error, created_at, updated_at)
  SELECT m.id, m.id, m.conversation_id, m.channel, c.external_chat_id, 'pending', 1, m.created_at,
    NULL, NULL, m.created_at, m.created_at
  FROM messages m JOIN conversations c ON c.id = m.conversation_id
  WHERE m.status = 'queued' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.id);
DROP INDEX messages_queued;
DROP INDEX outbox_message;
`,
};
