import type { PostgresMigration } from './migration.js';

/** The dashboard's figures of closed days, per time zone (embedded 070). */
export const activityDays: PostgresMigration = {
  version: 55,
  name: 'activity-days',
  up: `
CREATE TABLE activity_days (
  time_zone text NOT NULL,
  day text NOT NULL,
  messages integer NOT NULL,
  from_contacts integer NOT NULL,
  assistant integer NOT NULL,
  coach integer NOT NULL,
  conversations integer NOT NULL,
  new_conversations integer NOT NULL,
  PRIMARY KEY (time_zone, day)
);`,
};
