import type { Migration } from './migration.js';

/**
 * The scheduler's jobs (the embedded Agenda backend), campaigns and their delivery ledger.
 * Job times are epoch milliseconds (the processor compares them on every scan); the job's other
 * fields are one JSON document. The ledger's unique key (campaign, slot, recipient, channel) is what
 * makes resolving a slot twice, or launching twice, write no second row.
 */
export const campaigns: Migration = {
  version: 7,
  name: 'campaigns',
  up: `
CREATE TABLE scheduler_jobs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  next_run_at INTEGER,
  locked_at INTEGER,
  disabled INTEGER NOT NULL DEFAULT 0,
  doc TEXT NOT NULL
);
CREATE UNIQUE INDEX scheduler_jobs_single ON scheduler_jobs (name) WHERE type = 'single';
CREATE INDEX scheduler_jobs_due ON scheduler_jobs (name, next_run_at, priority);

CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  message TEXT NOT NULL,
  media_url TEXT,
  targets TEXT NOT NULL,
  channels TEXT NOT NULL,
  schedule TEXT,
  rate REAL,
  status TEXT NOT NULL,
  slots TEXT NOT NULL,
  error TEXT,
  created_by TEXT,
  launched_at TEXT,
  completed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX campaigns_status ON campaigns (status, id);

CREATE TABLE campaign_deliveries (
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  slot INTEGER NOT NULL,
  recipient_type TEXT NOT NULL,
  recipient_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT,
  message_id TEXT,
  conversation_id TEXT,
  claim_token TEXT,
  claimed_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (campaign_id, slot, recipient_id, channel)
);
CREATE INDEX campaign_deliveries_pending ON campaign_deliveries (campaign_id, slot, id) WHERE status = 'pending';
CREATE INDEX campaign_deliveries_message ON campaign_deliveries (message_id) WHERE message_id IS NOT NULL;
`,
};
