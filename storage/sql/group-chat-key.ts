/**
 * The unique key of channel group chats (embedded 065, PostgreSQL 049): one live group conversation
 * per channel and chat id. Duplicates written before it (two processes opening a new group at once)
 * are merged into the oldest live one: the newer ones' members join it, their messages move to it,
 * and the newer ones are archived (kept, as archived groups are, for the rows that name them). The
 * same SQL runs on SQLite and PostgreSQL.
 */
const LIVE_GROUP = (alias: string) =>
  `${alias}.kind = 'group' AND ${alias}.archived_at IS NULL AND ${alias}.external_chat_id IS NOT NULL`;

const KEEPER = `(SELECT k.id FROM conversations k WHERE ${LIVE_GROUP('k')}
  AND k.channel = d.channel AND k.external_chat_id = d.external_chat_id
  ORDER BY k.created_at, k.id LIMIT 1)`;

export const GROUP_CHAT_KEY_SQL = `
CREATE TEMPORARY TABLE group_duplicates AS
  SELECT d.id AS id, ${KEEPER} AS keeper FROM conversations d WHERE ${LIVE_GROUP('d')};
DELETE FROM group_duplicates WHERE id = keeper;

INSERT INTO conversation_members (conversation_id, contact_id, last_read_message_id, joined_at)
  SELECT g.keeper, m.contact_id, NULL, m.joined_at
  FROM conversation_members m JOIN group_duplicates g ON g.id = m.conversation_id
  WHERE true
  ON CONFLICT DO NOTHING;
UPDATE messages SET conversation_id = (SELECT g.keeper FROM group_duplicates g WHERE g.id = messages.conversation_id)
  WHERE conversation_id IN (SELECT id FROM group_duplicates);
UPDATE conversations SET last_message_at = (
    SELECT max(x.last_message_at) FROM conversations x
    WHERE x.id = conversations.id OR x.id IN (SELECT g.id FROM group_duplicates g WHERE g.keeper = conversations.id))
  WHERE id IN (SELECT keeper FROM group_duplicates);
UPDATE conversations SET archived_at = updated_at WHERE id IN (SELECT id FROM group_duplicates);
DROP TABLE group_duplicates;

CREATE UNIQUE INDEX conversations_group_chat ON conversations (channel, external_chat_id)
  WHERE kind = 'group' AND archived_at IS NULL AND external_chat_id IS NOT NULL;
`;
