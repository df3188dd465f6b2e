import { sql } from 'kysely';
import { previewOf } from '../../core/inbox-types.js';
import type { ConversationActivity } from '../../core/repositories.js';
import type { Conversation, Message } from '../../core/types.js';
import type { SqlDialect } from './dialect.js';
import { MESSAGE_COLUMNS } from './message-rows.js';
import { perDialect, prepareRaw } from './prepared-query.js';

const rows = (dialect: SqlDialect, build: Parameters<typeof prepareRaw>[1]) =>
  prepareRaw(dialect, build, { returnsRows: true });
const write = (dialect: SqlDialect, build: Parameters<typeof prepareRaw>[1]) =>
  prepareRaw(dialect, build, { returnsRows: false });

/** The activity columns a message may write with its preview (`ConversationActivity`). */
const ACTIVITY = [
  ['handoff', 'handoff'],
  ['handoffAt', 'handoff_at'],
  ['coachNeededAt', 'coach_needed_at'],
  ['lastMessageAt', 'last_message_at'],
  ['updatedAt', 'updated_at'],
] as const;

/**
 * A message stored moves its conversation's inbox fields in the same unit: the preview when it is the
 * newest (ids are time-ordered), the customer's count, and a customer's message reopens it. A note
 * moves none of them (`preview` false). The caller's activity (lastMessageAt, waiting for the coach,
 * handoff) goes in the same statement: each column is written only when its `set_` flag says so.
 */
/** The UPDATE of `inboxActivity`, for a statement that writes the message too (`messages.ts`). */
export function inboxActivityUpdate(dialect: SqlDialect, slot: (name: string) => never) {
  return sql`UPDATE conversations SET ${inboxActivitySet(dialect, slot)}
    WHERE id = ${slot('preview_conversation')}`;
}

/** What `inboxActivityUpdate` sets, each value read through `value` (a slot, or a column of a FROM). */
export function inboxActivitySet(dialect: SqlDialect, value: (name: string) => never) {
  const f = dialect.fragments;
  const moves = sql`${f.bool(value('moves'))}`;
  const newer = sql`(${moves} AND (last_message_id IS NULL OR last_message_id < ${value('id')}))`;
  const ifNewer = (column: string, to: unknown) =>
    sql`CASE WHEN ${newer} THEN ${to} ELSE ${sql.ref(column)} END`;
  const inbound = sql`${f.bool(value('inbound'))}`;
  const activity = ACTIVITY.map(
    ([, column]) =>
      sql`${sql.ref(column)} = CASE WHEN ${f.bool(value(`set_${column}`))} THEN ${value(column)} ELSE ${sql.ref(column)} END`,
  );
  return sql`last_message_sender = ${ifNewer('last_message_sender', f.text(value('preview_sender')))},
    last_message_name = ${ifNewer('last_message_name', f.text(value('preview_name')))},
    last_message_text = ${ifNewer('last_message_text', f.text(value('preview_text')))},
    last_message_id = ${ifNewer('last_message_id', f.text(value('id')))},
    inbound_count = inbound_count + CASE WHEN ${inbound} THEN 1 ELSE 0 END,
    inbox_status = CASE WHEN ${inbound} THEN 'open' ELSE inbox_status END,
    resolved_at = CASE WHEN ${inbound} THEN NULL ELSE resolved_at END,
    ${sql.join(activity)}`;
}

/**
 * The conversation after `inboxActivitySet` moved it with `activity`, from its row read before in the
 * same atomic block: the activity's given fields written, the rest as read (the inbox fields are not
 * a conversation's).
 */
export function movedConversation(conversation: Conversation, activity: ConversationActivity): Conversation {
  const moved: Record<string, unknown> = { ...conversation };
  for (const [field, value] of Object.entries(activity)) if (value !== undefined) moved[field] = value;
  return moved as unknown as Conversation;
}

/**
 * The values `inboxActivityParams` gives, and how each is stored (for `inboxActivityMany` and the
 * answers' write of several conversations, outbound-batch.ts).
 */
export const MOVE_COLUMNS: readonly (readonly [string, 'text' | 'bool'])[] = [
  ['id', 'text'],
  ['preview_conversation', 'text'],
  ['preview_sender', 'text'],
  ['preview_name', 'text'],
  ['preview_text', 'text'],
  ['moves', 'bool'],
  ['inbound', 'bool'],
  ...ACTIVITY.flatMap(([field, column]) => [
    [`set_${column}`, 'bool'] as const,
    [column, field === 'handoff' ? ('bool' as const) : ('text' as const)] as const,
  ]),
];

/**
 * `inboxActivity` for the messages of many conversations (one each) in one statement: each object of
 * the JSON array `moves` holds a message's `inboxActivityParams`, its keys prefixed `m_` (a column of
 * the FROM item named as a column of conversations would make the SET's own references ambiguous).
 */
export const inboxActivityMany = perDialect((dialect: SqlDialect, _key: object) =>
  write(
    dialect,
    (
      slot,
      f,
    ) => sql`UPDATE conversations SET ${inboxActivitySet(dialect, (name) => sql.ref(`v.m_${name}`) as never)}
      FROM ${f.jsonRecords(
        slot('moves'),
        'v',
        MOVE_COLUMNS.map(([name, type]) => [`m_${name}`, type] as const),
      )}
      WHERE conversations.id = v.m_preview_conversation`,
  ),
);

/**
 * A message stored moves its conversation's inbox fields in the same unit: the preview when it is the
 * newest (ids are time-ordered), the customer's count, and a customer's message reopens it. A note
 * moves none of them (`moves` false). The caller's activity (lastMessageAt, waiting for the coach,
 * handoff) goes in the same statement: each column is written only when its `set_` flag says so.
 */
export const inboxActivity = perDialect((dialect: SqlDialect, _key: object) =>
  write(dialect, (slot) => inboxActivityUpdate(dialect, slot)),
);

export function inboxActivityParams(
  dialect: SqlDialect,
  message: Message,
  activity: ConversationActivity = {},
): Record<string, unknown> {
  const moves = message.kind !== 'note';
  // Named apart from the message's own columns: one statement may carry both (messages.ts).
  const params: Record<string, unknown> = {
    id: message.id,
    preview_conversation: message.conversationId,
    preview_sender: message.sender.type,
    preview_name: message.sender.name,
    preview_text: previewOf(message.text),
    moves: dialect.encodeBool(moves),
    inbound: dialect.encodeBool(moves && message.sender.type === 'contact'),
  };
  for (const [field, column] of ACTIVITY) {
    const value = activity[field];
    params[`set_${column}`] = dialect.encodeBool(value !== undefined);
    params[column] = typeof value === 'boolean' ? dialect.encodeBool(value) : (value ?? null);
  }
  return params;
}

export const inboxQueries = perDialect((dialect: SqlDialect, _key: object) => {
  const f = dialect.fragments;
  const q = (build: Parameters<typeof prepareRaw>[1]) => rows(dialect, build);
  const w = (build: Parameters<typeof prepareRaw>[1]) => write(dialect, build);
  const reads = (slot: (name: string) => never) =>
    sql`LEFT JOIN inbox_reads r ON r.conversation_id = c.id AND r.user_id = ${slot('user')}`;
  return {
    summaries: q(
      (slot) => sql`SELECT c.id, c.last_message_id, c.last_message_sender, c.last_message_name,
        c.last_message_text, c.inbound_count - coalesce(r.read_count, 0), c.assignee_id, c.inbox_status,
        c.resolved_at FROM conversations c ${reads(slot)} WHERE c.id IN ${f.jsonList(slot('ids'))}`,
    ),
    // A read never moves back: two tabs reading at once keep the larger count.
    markRead: w(
      (slot) => sql`INSERT INTO inbox_reads (user_id, conversation_id, read_count, read_at)
        SELECT ${slot('user')}, id, inbound_count, ${slot('now')} FROM conversations WHERE id = ${slot('id')}
        ON CONFLICT (user_id, conversation_id) DO UPDATE SET
          read_count = ${f.greatest(sql`inbox_reads.read_count`, sql`excluded.read_count`)},
          read_at = excluded.read_at`,
    ),
    countUnread: q(
      (slot) => sql`SELECT count(*) FROM (SELECT 1 AS one FROM conversations c ${reads(slot)}
        WHERE c.archived_at IS NULL AND c.kind IN ${f.jsonList(slot('kinds'))}
          AND c.inbound_count > coalesce(r.read_count, 0) LIMIT ${slot('limit')}) unread`,
    ),
    assign: w(
      (slot) => sql`UPDATE conversations SET assignee_id = ${f.text(slot('assignee'))}
        WHERE id = ${slot('id')} AND archived_at IS NULL`,
    ),
    setStatus: w(
      (slot) => sql`UPDATE conversations SET inbox_status = ${f.text(slot('status'))},
        resolved_at = ${f.text(slot('resolvedAt'))}
        WHERE id = ${slot('id')} AND archived_at IS NULL AND inbox_status <> ${f.text(slot('status'))}`,
    ),
    campaigns: q(
      (slot) => sql`SELECT d.campaign_id, c.name, d.channel, d.status, d.updated_at
        FROM campaign_deliveries d JOIN campaigns c ON c.id = d.campaign_id
        WHERE d.recipient_id = ${slot('contact')} AND d.recipient_type = 'contact'
        ORDER BY d.updated_at DESC, d.id DESC LIMIT ${slot('limit')}`,
    ),
    notes: q(
      (slot) => sql`SELECT ${sql.raw(MESSAGE_COLUMNS)} FROM messages
        WHERE conversation_id IN ${f.jsonList(slot('ids'))} AND kind = 'note'
        ORDER BY id DESC LIMIT ${slot('limit')}`,
    ),
    // The messages a search's page matched, named by the list (it read the matches once).
    matches: q(
      (slot) => sql`SELECT ${sql.raw(MESSAGE_COLUMNS)} FROM messages WHERE id IN ${f.jsonList(slot('ids'))}`,
    ),
  };
});
