/**
 * The coach's inbox tools (issue 19): each conversation keeps its newest message (the row preview),
 * a count of the customer's messages, its agent and open/resolved status; each agent's read count per
 * conversation (unread = the count now minus theirs); private notes as messages of kind 'note';
 * canned replies; messages scheduled to go later.
 * (embedded 045)
 */
import type { PostgresMigration } from './migration.js';

export const inbox: PostgresMigration = {
  version: 29,
  name: 'inbox',
  up: `
ALTER TABLE conversations ADD COLUMN last_message_id text;
ALTER TABLE conversations ADD COLUMN last_message_sender text;
ALTER TABLE conversations ADD COLUMN last_message_name text;
ALTER TABLE conversations ADD COLUMN last_message_text text;
ALTER TABLE conversations ADD COLUMN inbound_count integer NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN assignee_id text;
ALTER TABLE conversations ADD COLUMN inbox_status text NOT NULL DEFAULT 'open';
ALTER TABLE conversations ADD COLUMN resolved_at text;
ALTER TABLE messages ADD COLUMN kind text;
-- What was written before: each conversation's customer messages and newest message, once.
UPDATE conversations SET inbound_count = (SELECT count(*) FROM messages m
  WHERE m.conversation_id = conversations.id AND m.sender_type = 'contact');
UPDATE conversations SET (last_message_id, last_message_sender, last_message_name, last_message_text) =
  (SELECT m.id, m.sender_type, m.sender_name, substr(m.text, 1, 140) FROM messages m
    WHERE m.conversation_id = conversations.id ORDER BY m.id DESC LIMIT 1);
CREATE INDEX conversations_assignee ON conversations (assignee_id);
CREATE INDEX messages_notes ON messages (conversation_id, id) WHERE kind = 'note';
CREATE INDEX campaign_deliveries_recipient ON campaign_deliveries (recipient_id, updated_at);
CREATE TABLE inbox_reads (
  user_id text NOT NULL,
  conversation_id text NOT NULL,
  read_count integer NOT NULL,
  read_at text NOT NULL,
  PRIMARY KEY (user_id, conversation_id)
);
CREATE TABLE canned_replies (
  id text PRIMARY KEY,
  shortcut text NOT NULL,
  shortcut_key text NOT NULL UNIQUE,
  text text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE TABLE scheduled_messages (
  id text PRIMARY KEY,
  conversation_id text NOT NULL,
  text text NOT NULL,
  send_at text NOT NULL,
  status text NOT NULL,
  author_id text NOT NULL,
  author_name text NOT NULL,
  message_id text,
  error jsonb,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE INDEX scheduled_messages_conversation ON scheduled_messages (conversation_id, send_at);
CREATE INDEX scheduled_messages_pending ON scheduled_messages (send_at) WHERE status IN ('scheduled', 'sending');
`,
};
