import type { Migration } from './migration.js';

/** What the STRICT output guard removed from an answer, kept on the message for the coach. */
export const messageGuard: Migration = {
  version: 2,
  name: 'message-guard',
  up: 'ALTER TABLE messages ADD COLUMN guard TEXT;',
};
