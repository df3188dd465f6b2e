import type { PostgresMigration } from './migration.js';

/** The campaign a message was sent for (issue 19: marked in the inbox); NULL otherwise (embedded 050). */
export const messageCampaign: PostgresMigration = {
  version: 34,
  name: 'message-campaign',
  up: 'ALTER TABLE messages ADD COLUMN campaign_id text;',
};
