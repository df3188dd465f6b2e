import type { ChannelName, Message, MessageStatus, Sender, SenderType } from '../../core/types.js';
import type { SqlDialect } from './dialect.js';

/** The columns every message query reads, in `toMessage` order. */
export const MESSAGE_COLUMNS = `id, conversation_id, sender_type, sender_id, sender_name, text, media, channel,
  status, error, external_id, client_message_id, created_at, guard, template, actions, kind, campaign_id`;

/** The columns stored as JSON (`messageParams` gives them encoded). */
export const MESSAGE_JSON_COLUMNS: ReadonlySet<string> = new Set([
  'media',
  'error',
  'guard',
  'template',
  'actions',
]);

/** The slot names of an insert's values, in MESSAGE_COLUMNS order. */
export const MESSAGE_SLOTS = MESSAGE_COLUMNS.split(',').map((column) => column.trim());

type MessageRow = [
  id: string,
  conversationId: string,
  senderType: SenderType,
  senderId: string | null,
  senderName: string,
  text: string,
  media: unknown,
  channel: ChannelName,
  status: MessageStatus,
  error: unknown,
  externalId: string | null,
  clientMessageId: string | null,
  createdAt: string,
  guard: unknown,
  template: unknown,
  actions: unknown,
  kind: 'note' | null,
  campaignId: string | null,
];

/** Optional fields stay absent (not undefined, not null) when the column is null. */
export function toMessage(dialect: SqlDialect, row: unknown[]): Message {
  const [id, conversationId, senderType, senderId, senderName, text, media, channel, status, error] =
    row as MessageRow;
  const [
    ,
    ,
    ,
    ,
    ,
    ,
    ,
    ,
    ,
    ,
    externalId,
    clientMessageId,
    createdAt,
    guard,
    template,
    actions,
    kind,
    campaignId,
  ] = row as MessageRow;
  const sender: Sender = { type: senderType, name: senderName };
  if (senderId !== null) sender.id = senderId;
  const message: Message = { id, conversationId, sender, text, channel, status, createdAt };
  if (media !== null) message.media = dialect.decodeJson(media) as Message['media'];
  if (error !== null) message.error = dialect.decodeJson(error) as Message['error'];
  if (externalId !== null) message.externalId = externalId;
  if (clientMessageId !== null) message.clientMessageId = clientMessageId;
  if (guard !== null) message.guard = dialect.decodeJson(guard) as Message['guard'];
  if (template !== null) message.template = dialect.decodeJson(template) as Message['template'];
  if (actions !== null && actions !== undefined)
    message.actions = dialect.decodeJson(actions) as Message['actions'];
  if (kind) message.kind = kind;
  if (campaignId !== null && campaignId !== undefined) message.campaignId = campaignId;
  return message;
}

export function toMessages(dialect: SqlDialect, rows: unknown[][]): Message[] {
  return rows.map((row) => toMessage(dialect, row));
}

/** The insert's values by column name. */
export function messageParams(dialect: SqlDialect, message: Message): Record<string, unknown> {
  const json = (value: unknown) => (value ? dialect.encodeJson(value) : null);
  return {
    id: message.id,
    conversation_id: message.conversationId,
    sender_type: message.sender.type,
    sender_id: message.sender.id ?? null,
    sender_name: message.sender.name,
    text: message.text,
    media: json(message.media),
    channel: message.channel,
    status: message.status,
    error: json(message.error),
    external_id: message.externalId ?? null,
    client_message_id: message.clientMessageId ?? null,
    created_at: message.createdAt,
    guard: message.guard?.length ? dialect.encodeJson(message.guard) : null,
    template: json(message.template),
    actions: message.actions?.length ? dialect.encodeJson(message.actions) : null,
    kind: message.kind ?? null,
    campaign_id: message.campaignId ?? null,
  };
}
