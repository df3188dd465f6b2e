import type { PostgresMigration } from './migration.js';

/** Every send is a claimed outbox row; queued messages of an older version get theirs (embedded 021). */
export const outboxClaims: PostgresMigration = {
  version: 5,
  name: 'outbox-claims',
  up: `
ALTER TABLE outbox ADD COLUMN claimed_by text;
INSERT INTO outbox (id, message_id, conversation_id, channel, recipient, status, attempts,
    next_attempt_at, lease_until, last_error, created_at, updated_at)
  SELECT m.id, m.id, m.conversation_id, m.channel, c.external_chat_id, 'pending', 1, m.created_at,
    NULL, NULL, m.created_at, m.created_at
  FROM messages m JOIN conversations c ON c.id = m.conversation_id
  WHERE m.status = 'queued' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.id)
  ON CONFLICT (id) DO NOTHING;
DROP INDEX messages_queued;
DROP INDEX outbox_message;
`,
};
