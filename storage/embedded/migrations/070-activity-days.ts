import type { Migration } from './migration.js';

/** The dashboard's figures of closed days, per time zone (core/repositories-stats.ts). */
export const activityDays: Migration = {
  version: 70,
  name: 'activity-days',
  up: `
CREATE TABLE activity_days (
  time_zone TEXT NOT NULL,
  day TEXT NOT NULL,
  messages INTEGER NOT NULL,
  from_contacts INTEGER NOT NULL,
  assistant INTEGER NOT NULL,
  coach INTEGER NOT NULL,
  conversations INTEGER NOT NULL,
  new_conversations INTEGER NOT NULL,
  PRIMARY KEY (time_zone, day)
) WITHOUT ROWID;`,
};
