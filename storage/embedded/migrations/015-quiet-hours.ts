import type { Migration } from './migration.js';

/** A campaign's quiet hours (JSON {from, to}, HH:MM in the business's TIMEZONE); NULL: any time. */
export const quietHours: Migration = {
  version: 15,
  name: 'quiet-hours',
  up: 'ALTER TABLE campaigns ADD COLUMN quiet_hours TEXT;',
};
