import { GROUP_CHAT_KEY_SQL } from '../../sql/group-chat-key.js';
import type { PostgresMigration } from './migration.js';

/** One live group conversation per channel chat; duplicates merged into the oldest (embedded 065). */
export const groupChatKey: PostgresMigration = {
  version: 49,
  name: 'group-chat-key',
  up: GROUP_CHAT_KEY_SQL,
};
