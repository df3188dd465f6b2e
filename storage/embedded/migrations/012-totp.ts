import type { Migration } from './migration.js';

/**
 * Two-factor sign-in for admins: the TOTP secret (sealed with SECRET_KEY), when it was turned on,
 * the last time step accepted (no replay), and one-time recovery codes kept as sha256 hashes.
 */
export const totp: Migration = {
  version: 12,
  name: 'totp',
  up: `
ALTER TABLE admin_users ADD COLUMN totp_secret TEXT;
ALTER TABLE admin_users ADD COLUMN totp_enabled_at TEXT;
ALTER TABLE admin_users ADD COLUMN totp_last_step INTEGER;
CREATE TABLE admin_recovery_codes (
  user_id TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;
`,
};
