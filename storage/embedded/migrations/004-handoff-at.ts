import type { Migration } from './migration.js';

/** When a handoff began (or the coach last wrote during it), for the automatic hand-back. */
export const handoffAt: Migration = {
  version: 4,
  name: 'handoff-at',
  up: `ALTER TABLE conversations ADD COLUMN handoff_at TEXT;
CREATE INDEX conversations_handoff_at ON conversations (handoff_at) WHERE handoff = 1;
CREATE INDEX messages_guarded ON messages (created_at) WHERE guard IS NOT NULL;`,
};
