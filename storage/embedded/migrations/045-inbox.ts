/**
 * The coach's inbox tools (issue 19): each conversation keeps its newest message (the row preview),
 * a count of the customer's messages, its agent and open/resolved status; each agent's read count per
 * conversation (unread = the count now minus theirs); private notes as messages of kind 'note';
 * canned replies; messages scheduled to go later.
 */
import type { Migration } from './migration.js';

export const inbox: Migration = {
  version: 45,
  name: 'inbox',
  up: `
ALTER TABLE conversations ADD COLUMN last_message_id TEXT;
ALTER TABLE conversations ADD COLUMN last_message_sender TEXT;
ALTER TABLE conversations ADD COLUMN last_message_name TEXT;
ALTER TABLE conversations ADD COLUMN last_message_text TEXT;
ALTER TABLE conversations ADD COLUMN inbound_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN assignee_id TEXT;
ALTER TABLE conversations ADD COLUMN inbox_status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE conversations ADD COLUMN resolved_at TEXT;
ALTER TABLE messages ADD COLUMN kind TEXT;
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
  user_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  read_count INTEGER NOT NULL,
  read_at TEXT NOT NULL,
  PRIMARY KEY (user_id, conversation_id)
);
CREATE TABLE canned_replies (
  id TEXT PRIMARY KEY,
  shortcut TEXT NOT NULL,
  shortcut_key TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE scheduled_messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  text TEXT NOT NULL,
  send_at TEXT NOT NULL,
  status TEXT NOT NULL,
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  message_id TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX scheduled_messages_conversation ON scheduled_messages (conversation_id, send_at);
CREATE INDEX scheduled_messages_pending ON scheduled_messages (send_at) WHERE status IN ('scheduled', 'sending');
`,
};
