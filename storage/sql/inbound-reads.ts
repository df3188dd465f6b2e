/**
 * Customers' messages' reads (`messages.readInbound`: the sender's contact and the message's
 * conversation) of several callers in one statement, on a pooled executor (statement-batches.ts). A read
 * locks nothing, so reads of one conversation may share a statement; each row is the single read's.
 */
import { sql } from 'kysely';
import type { InboundContext, InboundTarget } from '../../core/repositories.js';
import type { ChannelName } from '../../core/types.js';
import { CONTACTS } from './contacts.js';
import { CONVERSATIONS } from './conversation-queries.js';
import { queriesOf } from './crud.js';
import type { SqlDialect } from './dialect.js';
import type { SqlExecutor } from './executor.js';
import { decodeInbound, readInbound } from './inbound-insert.js';
import { perDialect, prepareRaw } from './prepared-query.js';
import { type BatchType, batchInput, batchRow, StatementBatches } from './statement-batches.js';

export interface InboundRead {
  channel: ChannelName;
  externalId: string;
  target: InboundTarget;
}

const TYPES = new Map<string, BatchType>([
  ['id', 'text'],
  ['channel', 'text'],
  ['external_id', 'text'],
  ['conversation', 'text'],
  ['chat', 'text'],
]);

const manyQuery = perDialect((dialect: SqlDialect, _spec: typeof CONVERSATIONS) => {
  const prefixed = (alias: string, columns: readonly string[]) =>
    sql.raw(columns.map((column) => `${alias}.${column}`).join(', '));
  const contactColumns = prefixed('ct', queriesOf(dialect, CONTACTS).columns);
  const conversationColumns = prefixed('cv', queriesOf(dialect, CONVERSATIONS).columns);
  return prepareRaw(
    dialect,
    (slot) => {
      const { input, value, key } = batchInput(dialect, slot('rows'), TYPES);
      // By id `conversations.get`'s conversation (live); by chat the newest live assistant one.
      const byChat = sql`(SELECT id FROM conversations WHERE channel = ${value('channel')}
        AND external_chat_id = ${value('chat')} AND kind = 'assistant' AND archived_at IS NULL
        ORDER BY created_at DESC, id DESC LIMIT 1)`;
      return sql`WITH ${input} SELECT ${key}, ${contactColumns}, ${conversationColumns} FROM i
        LEFT JOIN contacts ct ON ct.id = (SELECT contact_id FROM channel_identities
          WHERE channel = ${value('channel')} AND external_id = ${value('external_id')})
        LEFT JOIN conversations cv ON cv.id = (CASE WHEN ${value('conversation')} IS NOT NULL
          THEN ${value('conversation')} ELSE ${byChat} END) AND cv.archived_at IS NULL`;
    },
    { returnsRows: true },
  );
});

/** The inbound reads of one pooled executor. */
export function inboundReadBatches(db: SqlExecutor): StatementBatches<InboundRead, InboundContext> {
  const dialect = db.dialect;
  let next = 0;
  const ids = new WeakMap<InboundRead, string>();
  const idOf = (read: InboundRead) => {
    let id = ids.get(read);
    if (id === undefined) {
      id = (next++).toString(36);
      ids.set(read, id);
    }
    return id;
  };
  return new StatementBatches({
    one: (read) => readInbound(db, read.channel, read.externalId, read.target),
    many: async (reads) => {
      const rows = reads.map((read) =>
        batchRow({
          id: idOf(read),
          channel: read.channel,
          external_id: read.externalId,
          conversation: 'conversationId' in read.target ? read.target.conversationId : null,
          chat: 'chatId' in read.target ? read.target.chatId : null,
        }),
      );
      const result = await db.rows(manyQuery(dialect, CONVERSATIONS), { rows: JSON.stringify(rows) });
      const byId = new Map(result.map((row) => [row[0] as string, row.slice(1)]));
      return reads.map((read) => decodeInbound(dialect, byId.get(idOf(read))!));
    },
    // Each read its own key: reads of one conversation may share a statement.
    key: idOf,
  });
}
