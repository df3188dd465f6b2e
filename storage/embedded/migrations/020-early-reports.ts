import type { Migration } from './migration.js';

/**
 * Delivery reports that came before their message's provider id was recorded, shared by every process
 * (issue 17): the furthest status per (channel, provider id), until a time after which it is dropped.
 */
export const earlyReports: Migration = {
  version: 20,
  name: 'early-reports',
  up: `
CREATE TABLE early_reports (
  channel TEXT NOT NULL,
  external_id TEXT NOT NULL,
  status TEXT NOT NULL,
  rank INTEGER NOT NULL,
  error TEXT,
  until TEXT NOT NULL,
  PRIMARY KEY (channel, external_id)
) WITHOUT ROWID;
CREATE INDEX early_reports_until ON early_reports (until);
`,
};
