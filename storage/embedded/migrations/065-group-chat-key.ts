import { GROUP_CHAT_KEY_SQL } from '../../sql/group-chat-key.js';
import type { Migration } from './migration.js';

/** One live group conversation per channel chat; duplicates merged into the oldest (see the SQL). */
export const groupChatKey: Migration = {
  version: 65,
  name: 'group-chat-key',
  up: GROUP_CHAT_KEY_SQL,
};
