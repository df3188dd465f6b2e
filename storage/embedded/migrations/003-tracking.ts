import type { Migration } from './migration.js';

/** Click counts of the links the assistant hands out, and the AI providers' daily token totals. */
export const tracking: Migration = {
  version: 3,
  name: 'tracking',
  up: `
CREATE TABLE tracked_links (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  url TEXT NOT NULL,
  clicks INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  last_click_at TEXT
) WITHOUT ROWID;
CREATE INDEX tracked_links_conversation ON tracked_links (conversation_id, id);

CREATE TABLE ai_usage (
  day TEXT NOT NULL,
  provider TEXT NOT NULL,
  calls INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  PRIMARY KEY (day, provider)
) WITHOUT ROWID;
`,
};
