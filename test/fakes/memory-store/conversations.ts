import type { ConversationRepository } from '../../../core/repositories.js';
import type { Conversation } from '../../../core/types.js';
import type { ConversationListQuery } from '../../../core/repositories.js';
import { COUNT_UP_TO, listCountBound } from '../../../core/repositories-conversations.js';
import { SEARCH_CANDIDATES } from '../../../storage/sql/conversation-list.js';
import {
  applyPatch,
  compare,
  conflict,
  copy,
  fold,
  type Gate,
  key,
  type MemoryState,
  slice,
} from './state.js';

/** Most recently active first: last message time (creation when none), then id, descending. */
function byActivity(a: Conversation, b: Conversation): number {
  return compare(b.lastMessageAt ?? b.createdAt, a.lastMessageAt ?? a.createdAt) || compare(b.id, a.id);
}

export function createConversationRepository(state: MemoryState, gate: Gate): ConversationRepository {
  const { conversations, members, messages, contacts, archived } = state;
  const live = () => [...conversations.values()].filter((conversation) => !archived.has(conversation.id));
  /**
   * The stores' search: the folded substring in the title or the customer, or every word a prefix of a
   * word of one of the newest SEARCH_CANDIDATES messages that match (`byWords`: each conversation's
   * newest of them; null when the search has no word).
   */
  function searcher(text: string): {
    keep: (conversation: Conversation) => boolean;
    byWords: Map<string, string> | null;
  } {
    const needle = fold(text.trim());
    const words = needle.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const byWords = new Map<string, string>();
    const newest =
      words.length === 0
        ? []
        : [...messages.values()]
            .filter((message) => {
              const messageWords = fold(message.text).split(/[^\p{L}\p{N}]+/u);
              return words.every((word) => messageWords.some((candidate) => candidate.startsWith(word)));
            })
            .sort((a, b) => compare(b.id, a.id))
            .slice(0, SEARCH_CANDIDATES);
    for (const message of newest)
      if (!byWords.has(message.conversationId)) byWords.set(message.conversationId, message.id);
    const keep = (conversation: Conversation) => {
      const contact = conversation.contactId ? contacts.get(conversation.contactId) : undefined;
      const customer = contact ? [contact.name, contact.email ?? '', contact.phone ?? ''].join('\n') : '';
      return (
        fold(conversation.title).includes(needle) ||
        fold(customer).includes(needle) ||
        byWords.has(conversation.id)
      );
    };
    return { keep, byWords: words.length === 0 ? null : byWords };
  }
  const newestSender = (conversationId: string) =>
    [...messages.values()]
      .filter((message) => message.conversationId === conversationId && message.kind !== 'note')
      .sort((a, b) => compare(b.id, a.id))[0]?.sender.type;
  /** A question left to the coach, or held by the coach with the customer's message newest. */
  const isWaiting = (c: Conversation) =>
    Boolean(c.coachNeededAt) || (c.handoff && newestSender(c.id) === 'contact');
  const filter = (query: ConversationListQuery, matches: (conversation: Conversation) => boolean) => {
    return (conversation: Conversation) =>
      (query.kind === undefined || conversation.kind === query.kind) &&
      (query.kinds === undefined || query.kinds.includes(conversation.kind)) &&
      (query.handoff === undefined || conversation.handoff === query.handoff) &&
      (query.waiting === undefined || isWaiting(conversation) === query.waiting) &&
      matches(conversation) &&
      (query.assignee === undefined ||
        (state.inbox.get(conversation.id)?.assigneeId ?? null) === query.assignee) &&
      (query.status === undefined || (state.inbox.get(conversation.id)?.status ?? 'open') === query.status);
  };
  /** The live group conversation of a channel chat (the stores' unique key on live groups). */
  const liveGroupOf = (conversation: Conversation) =>
    conversation.kind !== 'group' || conversation.externalChatId === null
      ? undefined
      : live().find(
          (other) =>
            other.kind === 'group' &&
            other.channel === conversation.channel &&
            other.externalChatId === conversation.externalChatId,
        );
  const repository: ConversationRepository = {
    create: (conversation) =>
      gate(() => {
        if (conversations.has(conversation.id)) throw conflict('conversation', ['id']);
        if (liveGroupOf(conversation)) throw conflict('conversation', ['channel', 'external_chat_id']);
        conversations.set(conversation.id, copy(conversation));
        return copy(conversation);
      }),
    createMany: (many, newMembers) =>
      gate(() => {
        const ids = new Set(many.map((conversation) => conversation.id));
        if (ids.size < many.length || many.some((conversation) => conversations.has(conversation.id)))
          throw conflict('conversation', ['id']);
        for (const conversation of many) conversations.set(conversation.id, copy(conversation));
        for (const member of newMembers) {
          const id = key(member.conversationId, member.contactId);
          if (!members.has(id)) members.set(id, copy(member));
        }
      }),
    openGroup: (conversation) =>
      gate(() => {
        const stored = liveGroupOf(conversation);
        if (stored) return { conversation: copy(stored), created: false };
        conversations.set(conversation.id, copy(conversation));
        return { conversation: copy(conversation), created: true };
      }),
    get: (id) => gate(() => copy((!archived.has(id) && conversations.get(id)) || null)),
    archive: (id, now) =>
      gate(() => {
        const conversation = conversations.get(id);
        if (!conversation || archived.has(id)) return false;
        archived.set(id, now);
        conversation.updatedAt = now;
        return true;
      }),
    update: (id, patch) =>
      gate(() => {
        const current = conversations.get(id);
        if (!current) return null;
        const { title, handoff, handoffAt, coachNeededAt, lastMessageAt, updatedAt } = patch;
        const next = applyPatch(current, {
          title,
          handoff,
          handoffAt,
          coachNeededAt,
          lastMessageAt,
          updatedAt,
        });
        conversations.set(id, next);
        return copy(next);
      }),
    touch: (id, patch) =>
      gate(() => {
        const current = conversations.get(id);
        if (!current) return false;
        const { handoff, handoffAt, coachNeededAt, lastMessageAt, updatedAt } = patch;
        conversations.set(
          id,
          applyPatch(current, { handoff, handoffAt, coachNeededAt, lastMessageAt, updatedAt }),
        );
        return true;
      }),
    list: (query) =>
      gate(() => {
        const search = query.query?.trim() ? searcher(query.query) : null;
        const found = live()
          .filter(filter(query, search?.keep ?? (() => true)))
          .sort(byActivity);
        // A list's total stops at its bound, as the SQL stores' (a search's is exact).
        const bound = search ? undefined : listCountBound(query);
        const total = bound === undefined ? found.length : Math.min(found.length, bound);
        const items = slice(found, query).map(copy);
        if (!search?.byWords) return { items, total };
        const matches: Record<string, string> = {};
        for (const item of items) {
          const matched = search.byWords.get(item.id);
          if (matched) matches[item.id] = matched;
        }
        return { items, total, matches };
      }),
    listAwaitingAnswer: (since, limit) =>
      gate(() =>
        live()
          .filter(
            (c) =>
              c.kind === 'assistant' &&
              !c.handoff &&
              c.lastMessageAt !== null &&
              c.lastMessageAt >= since &&
              newestSender(c.id) === 'contact',
          )
          .sort((a, b) => compare(a.lastMessageAt ?? '', b.lastMessageAt ?? '') || compare(a.id, b.id))
          .slice(0, limit)
          .map(copy),
      ),
    latestAssistantOn: (channel, contactIds) =>
      gate(() => {
        const wanted = new Set(contactIds);
        const out: Record<string, Conversation> = {};
        for (const c of live().sort(byActivity)) {
          if (c.kind === 'assistant' && c.channel === channel && c.contactId && wanted.has(c.contactId))
            out[c.contactId] ??= copy(c);
        }
        return out;
      }),
    countHandoffs: (upTo = COUNT_UP_TO) =>
      gate(() => {
        const all = live();
        const [handoff, waiting] = [all.filter((c) => c.handoff).length, all.filter(isWaiting).length];
        return {
          handoff: Math.min(handoff, upTo),
          handoffMore: handoff > upTo,
          waiting: Math.min(waiting, upTo),
          waitingMore: waiting > upTo,
        };
      }),
    countCreated: (from, to) =>
      gate(
        () =>
          [...conversations.values()].filter(
            (c) => c.kind !== 'direct' && c.createdAt >= from && c.createdAt < to,
          ).length,
      ),
    handBack: (id, before, now) =>
      gate(() => {
        const current = conversations.get(id);
        if (!current?.handoff || current.handoffAt === null || current.handoffAt >= before) return null;
        const updated = { ...current, handoff: false, handoffAt: null, coachNeededAt: null, updatedAt: now };
        conversations.set(id, updated);
        return copy(updated);
      }),
    listHandedOffBefore: (before, limit) =>
      gate(() =>
        [...conversations.values()]
          .filter(
            (conversation) =>
              conversation.handoff && conversation.handoffAt !== null && conversation.handoffAt < before,
          )
          .sort((a, b) => compare(a.handoffAt ?? '', b.handoffAt ?? '') || compare(a.id, b.id))
          .slice(0, limit)
          .map(copy),
      ),
    // One unit at a time (the gate): nothing to lock.
    lock: (id) => repository.get(id),
    lockChats: () => gate(() => false),
    lockLatestByExternalChat: (channel, externalChatId) =>
      repository.findLatestByExternalChat(channel, externalChatId),
    findLatestByExternalChat: (channel, externalChatId) =>
      gate(() => {
        const found = live()
          .filter(
            (conversation) =>
              conversation.kind === 'assistant' &&
              conversation.channel === channel &&
              conversation.externalChatId === externalChatId,
          )
          .sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id));
        return copy(found[0] ?? null);
      }),
    findByExternalChat: (channel, externalChatId, kind) =>
      gate(() => {
        const found = live()
          .filter(
            (conversation) =>
              conversation.kind === kind &&
              conversation.channel === channel &&
              conversation.externalChatId === externalChatId,
          )
          .sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id));
        return copy(found[0] ?? null);
      }),
    removeMember: (conversationId, contactId) => gate(() => members.delete(key(conversationId, contactId))),
    countMembers: (conversationId) =>
      gate(() => [...members.values()].filter((member) => member.conversationId === conversationId).length),
    /** A second add of the same member is ignored: the first one stays. */
    addMember: (member) =>
      gate(() => {
        const id = key(member.conversationId, member.contactId);
        if (!members.has(id)) members.set(id, copy(member));
      }),
    isMember: (conversationId, contactId) => gate(() => members.has(key(conversationId, contactId))),
    listMembers: (conversationId) =>
      gate(() =>
        [...members.values()]
          .filter((member) => member.conversationId === conversationId)
          .sort((a, b) => compare(a.joinedAt, b.joinedAt) || compare(a.contactId, b.contactId))
          .map(copy),
      ),
    /** Conversations the contact is a member of or the customer of, most recently active first. */
    listForContact: (contactId) =>
      gate(() =>
        live()
          .filter(
            (conversation) =>
              conversation.contactId === contactId || members.has(key(conversation.id, contactId)),
          )
          .sort(byActivity)
          .map(copy),
      ),
    /** Moves a member's read marker forward only; ignored for non-members. */
    markRead: (conversationId, contactId, messageId) =>
      gate(() => {
        const member = members.get(key(conversationId, contactId));
        if (member && (member.lastReadMessageId === null || member.lastReadMessageId < messageId)) {
          member.lastReadMessageId = messageId;
        }
      }),
  };
  return repository;
}
