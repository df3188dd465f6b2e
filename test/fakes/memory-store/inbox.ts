/** The inbox tools (issue 19) of the fake store: the SQL stores' semantics over plain Maps. */
import type { CannedReply } from '../../../core/inbox-types.js';
import type {
  CannedReplyRepository,
  InboxRepository,
  ScheduledMessageRepository,
} from '../../../core/repositories.js';
import type { ScheduledMessage } from '../../../core/inbox-types.js';
import { crud } from './crud.js';
import { compare, copy, type Gate, inboxRow, key, type MemoryState } from './state.js';

export function createInboxRepository(state: MemoryState, gate: Gate): InboxRepository {
  const { conversations, archived, inboxReads, messages } = state;
  const unreadOf = (userId: string, id: string) =>
    Math.max(0, inboxRow(state, id).inboundCount - (inboxReads.get(key(userId, id)) ?? 0));
  const known = (id: string) => conversations.has(id) && !archived.has(id);
  return {
    summaries: (userId, ids) =>
      gate(() => {
        const out: Awaited<ReturnType<InboxRepository['summaries']>> = {};
        for (const id of ids) {
          if (!conversations.has(id)) continue;
          const row = inboxRow(state, id);
          out[id] = {
            conversationId: id,
            lastMessage: copy(row.lastMessage),
            unread: unreadOf(userId, id),
            assigneeId: row.assigneeId,
            status: row.status,
            resolvedAt: row.resolvedAt,
          };
        }
        return out;
      }),
    markRead: (userId, conversationId) =>
      gate(() => {
        if (!conversations.has(conversationId)) return false;
        const seen = inboxReads.get(key(userId, conversationId)) ?? 0;
        inboxReads.set(
          key(userId, conversationId),
          Math.max(seen, inboxRow(state, conversationId).inboundCount),
        );
        return true;
      }),
    countUnread: (userId, kinds, limit) =>
      gate(() => {
        const unread = [...conversations.values()].filter(
          (c) => !archived.has(c.id) && kinds.includes(c.kind) && unreadOf(userId, c.id) > 0,
        );
        return Math.min(limit, unread.length);
      }),
    assign: (conversationId, assigneeId) =>
      gate(() => {
        if (!known(conversationId)) return false;
        inboxRow(state, conversationId).assigneeId = assigneeId;
        return true;
      }),
    setStatus: (conversationId, status, now) =>
      gate(() => {
        const row = inboxRow(state, conversationId);
        if (!known(conversationId) || row.status === status) return false;
        row.status = status;
        row.resolvedAt = status === 'resolved' ? now : null;
        return true;
      }),
    campaignsReceived: (contactId, limit) =>
      gate(() =>
        [...state.deliveries.values()]
          .filter((d) => d.recipientType === 'contact' && d.recipientId === contactId)
          .sort((a, b) => compare(b.updatedAt, a.updatedAt) || compare(b.id, a.id))
          .slice(0, limit)
          .map((d) => ({
            campaignId: d.campaignId,
            name: state.campaigns.get(d.campaignId)?.name ?? '',
            channel: d.channel,
            status: d.status,
            at: d.updatedAt,
          })),
      ),
    notes: (conversationIds, limit) =>
      gate(() =>
        [...messages.values()]
          .filter((m) => m.kind === 'note' && conversationIds.includes(m.conversationId))
          .sort((a, b) => compare(b.id, a.id))
          .slice(0, limit)
          .map(copy),
      ),
    matches: (messageIds) =>
      gate(() => {
        const out: Awaited<ReturnType<InboxRepository['matches']>> = {};
        for (const id of messageIds) {
          const message = messages.get(id);
          if (message) out[message.conversationId] = copy(message);
        }
        return out;
      }),
  };
}

export function createCannedReplyRepository(state: MemoryState, gate: Gate): CannedReplyRepository {
  const {
    findBy: _findBy,
    filter: _filter,
    ...repository
  } = crud<CannedReply>(gate, {
    table: state.cannedReplies,
    label: 'canned reply',
    uniques: [{ field: 'shortcut', value: (reply) => reply.shortcut.toLowerCase() }],
  });
  return repository;
}

export function createScheduledMessageRepository(state: MemoryState, gate: Gate): ScheduledMessageRepository {
  const table = state.scheduledMessages;
  const bySendAt = (a: ScheduledMessage, b: ScheduledMessage) =>
    compare(a.sendAt, b.sendAt) || compare(a.id, b.id);
  const set = (id: string, patch: Partial<ScheduledMessage>) => {
    const current = table.get(id);
    if (current) table.set(id, { ...current, ...patch });
  };
  return {
    create: (scheduled) =>
      gate(() => {
        table.set(scheduled.id, copy(scheduled));
        return copy(scheduled);
      }),
    get: (id) => gate(() => copy(table.get(id) ?? null)),
    listForConversation: (conversationId) =>
      gate(() =>
        [...table.values()]
          .filter(
            (s) =>
              s.conversationId === conversationId && ['scheduled', 'sending', 'failed'].includes(s.status),
          )
          .sort(bySendAt)
          .map(copy),
      ),
    listPending: (limit) =>
      gate(() =>
        [...table.values()]
          .filter((s) => s.status === 'scheduled' || s.status === 'sending')
          .sort(bySendAt)
          .slice(0, limit)
          .map(copy),
      ),
    claim: (id, now, staleBefore) =>
      gate(() => {
        const current = table.get(id);
        const free =
          current?.status === 'scheduled' ||
          (current?.status === 'sending' && current.updatedAt < staleBefore);
        if (!current || !free) return null;
        set(id, { status: 'sending', updatedAt: now });
        return copy(table.get(id)!);
      }),
    cancel: (id, now) =>
      gate(() => {
        if (table.get(id)?.status !== 'scheduled') return false;
        set(id, { status: 'cancelled', updatedAt: now });
        return true;
      }),
    markSent: (id, messageId, now) =>
      gate(() => set(id, { status: 'sent', messageId, error: null, updatedAt: now })),
    markFailed: (id, error, now) =>
      gate(() => set(id, { status: 'failed', messageId: null, error: copy(error), updatedAt: now })),
  };
}
