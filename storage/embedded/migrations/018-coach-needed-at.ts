import type { Migration } from './migration.js';

/**
 * When the assistant left a question to the coach without handing off (issue 16, item 7): such a
 * conversation is waiting for the coach. Partial index: few conversations carry it at a time.
 */
export const coachNeededAt: Migration = {
  version: 18,
  name: 'coach-needed-at',
  up: `ALTER TABLE conversations ADD COLUMN coach_needed_at TEXT;
CREATE INDEX conversations_coach_needed ON conversations (coach_needed_at) WHERE coach_needed_at IS NOT NULL;`,
};
