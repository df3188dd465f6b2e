import type { CampaignReceived, InboxStatus, InboxSummary } from '../../core/inbox-types.js';
import type { ChannelName, ConversationKind, Message, SenderType } from '../../core/types.js';
import type { InboxRepository } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { inboxQueries } from './inbox-queries.js';
import { toMessage, toMessages } from './message-rows.js';

const KEY = { table: 'inbox' };

type SummaryRow = [
  id: string,
  lastId: string | null,
  sender: SenderType | null,
  name: string | null,
  text: string | null,
  unread: number | string,
  assignee: string | null,
  status: InboxStatus,
  resolvedAt: string | null,
];

function toSummary(row: unknown[]): InboxSummary {
  const [id, lastId, sender, name, text, unread, assignee, status, resolvedAt] = row as SummaryRow;
  return {
    conversationId: id,
    lastMessage:
      lastId === null ? null : { id: lastId, senderType: sender!, senderName: name ?? '', text: text ?? '' },
    unread: Math.max(0, Number(unread)),
    assigneeId: assignee,
    status,
    resolvedAt,
  };
}

export class SqlInboxRepository implements InboxRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = inboxQueries(db.dialect, KEY);
  }

  async summaries(userId: string, ids: readonly string[]): Promise<Record<string, InboxSummary>> {
    if (ids.length === 0) return {};
    const rows = await this.db.rows(this.#q.summaries, { user: userId, ids: JSON.stringify(ids) });
    return Object.fromEntries(rows.map((row) => [row[0] as string, toSummary(row)]));
  }

  async markRead(userId: string, conversationId: string, now: string): Promise<boolean> {
    return (await this.db.run(this.#q.markRead, { user: userId, id: conversationId, now })) > 0;
  }

  async countUnread(userId: string, kinds: readonly ConversationKind[], limit: number): Promise<number> {
    const params = { user: userId, kinds: JSON.stringify(kinds), limit };
    const [row] = await this.db.rows(this.#q.countUnread, params);
    return Number(row![0]);
  }

  async assign(conversationId: string, assigneeId: string | null): Promise<boolean> {
    return (await this.db.run(this.#q.assign, { id: conversationId, assignee: assigneeId })) > 0;
  }

  async setStatus(conversationId: string, status: InboxStatus, now: string): Promise<boolean> {
    const resolvedAt = status === 'resolved' ? now : null;
    return (await this.db.run(this.#q.setStatus, { id: conversationId, status, resolvedAt })) > 0;
  }

  async campaignsReceived(contactId: string, limit: number): Promise<CampaignReceived[]> {
    const rows = await this.db.rows(this.#q.campaigns, { contact: contactId, limit });
    return rows.map(([campaignId, name, channel, status, at]) => ({
      campaignId: campaignId as string,
      name: name as string,
      channel: channel as ChannelName,
      status: status as string,
      at: at as string,
    }));
  }

  async notes(conversationIds: readonly string[], limit: number): Promise<Message[]> {
    if (conversationIds.length === 0) return [];
    const params = { ids: JSON.stringify(conversationIds), limit };
    return toMessages(this.db.dialect, await this.db.rows(this.#q.notes, params));
  }

  async matches(messageIds: readonly string[]): Promise<Record<string, Message>> {
    if (messageIds.length === 0) return {};
    const params = { ids: JSON.stringify(messageIds) };
    const out: Record<string, Message> = {};
    for (const row of await this.db.rows(this.#q.matches, params)) {
      const message = toMessage(this.db.dialect, row);
      out[message.conversationId] = message;
    }
    return out;
  }
}
