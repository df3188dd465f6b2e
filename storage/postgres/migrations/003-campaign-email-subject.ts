import type { PostgresMigration } from './migration.js';

/** A campaign's email subject (may use {firstName} and {name}); NULL: the campaign's name (embedded 019). */
export const campaignEmailSubject: PostgresMigration = {
  version: 3,
  name: 'campaign-email-subject',
  up: 'ALTER TABLE campaigns ADD COLUMN subject text;',
};
