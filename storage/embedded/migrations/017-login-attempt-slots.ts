import type { Migration } from './migration.js';

/**
 * Login attempts become slots: at most one row per (key, slot), so a reservation is one conditional
 * insert on a unique key and racing callers (any number of processes) never hold more slots than the
 * limit. The newest 5 failures per key (the limit when this ran) carry over, newest in slot 0.
 */
export const loginAttemptSlots: Migration = {
  version: 17,
  name: 'login-attempt-slots',
  up: `
CREATE TABLE login_attempt_slots (
  key TEXT NOT NULL,
  slot INTEGER NOT NULL,
  id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (key, slot)
) WITHOUT ROWID;
INSERT INTO login_attempt_slots (key, slot, id, at)
  SELECT key, rank - 1, lower(hex(randomblob(8))), at FROM (
    SELECT key, at, row_number() OVER (PARTITION BY key ORDER BY at DESC) AS rank FROM login_attempts
  ) WHERE rank <= 5;
DROP TABLE login_attempts;
ALTER TABLE login_attempt_slots RENAME TO login_attempts;
`,
};
