import type { PostgresMigration } from './migration.js';

/** Delivery reports that came before their message's provider id was recorded (embedded 020). */
export const earlyReports: PostgresMigration = {
  version: 4,
  name: 'early-reports',
  up: `
CREATE TABLE early_reports (
  channel text NOT NULL,
  external_id text NOT NULL,
  status text NOT NULL,
  rank integer NOT NULL,
  error jsonb,
  until text NOT NULL,
  PRIMARY KEY (channel, external_id)
);
CREATE INDEX early_reports_until ON early_reports (until);
`,
};
