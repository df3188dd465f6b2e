import type { Migration } from './migration.js';

/** A campaign's email subject (may use {firstName} and {name}); NULL: the campaign's name. */
export const campaignEmailSubject: Migration = {
  version: 19,
  name: 'campaign-email-subject',
  up: 'ALTER TABLE campaigns ADD COLUMN subject TEXT;',
};
