import type { Migration } from './migration.js';

/**
 * A reply's first attempt writes no outbox row: its message, stored `queued`, is the durable record.
 * `messages_queued` finds the messages a crashed process left queued (the poller gives them an outbox
 * row once their lease time has passed); only outbound messages still in flight are in it, so it stays
 * a few pages at the tail. `outbox_message` lets that recovery skip messages that already have a row.
 */
export const outboxQueued: Migration = {
  version: 13,
  name: 'outbox-queued',
  up: `
CREATE INDEX messages_queued ON messages (created_at) WHERE status = 'queued';
CREATE INDEX outbox_message ON outbox (message_id);
`,
};
