import type { Migration } from './migration.js';

/** The campaign a message was sent for (issue 19: marked in the inbox); NULL for every other message. */
export const messageCampaign: Migration = {
  version: 50,
  name: 'message-campaign',
  up: 'ALTER TABLE messages ADD COLUMN campaign_id TEXT;',
};
