import type { ConversationActivity, MessageRepository } from '../../../core/repositories.js';
import type { Message } from '../../../core/types.js';
import { previewOf } from '../../../core/inbox-types.js';
import { takeTurnNow } from './durable.js';
import { compare, conflict, copy, type Gate, inboxRow, key, type MemoryState } from './state.js';

/** The SQL stores' inbox fields, moved by a stored message (notes left out). */
function moveInbox(state: MemoryState, message: Message): void {
  if (message.kind === 'note') return;
  const row = inboxRow(state, message.conversationId);
  if (!row.lastMessage || row.lastMessage.id < message.id) {
    const { type: senderType, name: senderName } = message.sender;
    row.lastMessage = { id: message.id, senderType, senderName, text: previewOf(message.text) };
  }
  if (message.sender.type !== 'contact') return;
  row.inboundCount += 1;
  row.status = 'open';
  row.resolvedAt = null;
}

/** `error: null` clears the error; an absent `error` or `externalId` leaves it as it is. */
export function withStatus(current: Message, update: Parameters<MessageRepository['setStatus']>[1]): Message {
  const next: Message = { ...current, status: update.status };
  if (update.error === null) delete next.error;
  else if (update.error !== undefined) next.error = copy(update.error);
  if (update.externalId !== undefined) next.externalId = update.externalId;
  return next;
}

export function createMessageRepository(state: MemoryState, gate: Gate): MessageRepository {
  const { messages, dedupeKeys } = state;

  /** A conversation's messages in id (time) order. */
  function ofConversation(conversationId: string): Message[] {
    return [...messages.values()]
      .filter((message) => message.conversationId === conversationId)
      .sort((a, b) => compare(a.id, b.id));
  }

  /** A new message, its conversation moved (in the gate). */
  function store(message: Message, activity: ConversationActivity | undefined): void {
    messages.set(message.id, copy(message));
    moveInbox(state, message);
    const conversation = state.conversations.get(message.conversationId);
    // Only the fields given (unlike `touch`, no default updatedAt).
    if (activity && conversation) {
      const written = Object.entries(activity).filter(([, value]) => value !== undefined);
      state.conversations.set(conversation.id, { ...conversation, ...Object.fromEntries(written) });
    }
  }

  return {
    insert: (message, dedupeKey, activity) =>
      gate(() => {
        const storedId = dedupeKey === undefined ? undefined : dedupeKeys.get(dedupeKey);
        const stored = storedId === undefined ? undefined : messages.get(storedId);
        if (stored) return { message: copy(stored), duplicate: true };
        if (messages.has(message.id)) throw conflict('message', ['id']);
        store(message, activity);
        if (dedupeKey !== undefined) dedupeKeys.set(dedupeKey, message.id);
        return { message: copy(message), duplicate: false };
      }),
    insertMany: (items) =>
      gate(() => {
        const ids = new Set(items.map(({ message }) => message.id));
        if (ids.size < items.length || items.some(({ message }) => messages.has(message.id)))
          throw conflict('message', ['id']);
        for (const { message, activity } of items) store(message, activity);
      }),
    insertInbound: ({ message, dedupeKey, activity, expected, newestOfChat, takeTurn }) =>
      gate(() => {
        const conversation = state.conversations.get(message.conversationId);
        const live = (c: { id: string }) => !state.archived.has(c.id);
        const holds =
          conversation !== undefined &&
          live(conversation) &&
          conversation.handoff === expected.handoff &&
          conversation.coachNeededAt === expected.coachNeededAt &&
          (!newestOfChat ||
            ![...state.conversations.values()].some(
              (n) =>
                n.channel === conversation.channel &&
                n.externalChatId === conversation.externalChatId &&
                n.kind === 'assistant' &&
                live(n) &&
                (n.createdAt > conversation.createdAt ||
                  (n.createdAt === conversation.createdAt && n.id > conversation.id)),
            ));
        if (!holds) return { outcome: 'changed' as const };
        const storedId = dedupeKey === undefined ? undefined : dedupeKeys.get(dedupeKey);
        const stored = storedId === undefined ? undefined : messages.get(storedId);
        if (stored) return { outcome: 'duplicate' as const, message: copy(stored) };
        if (messages.has(message.id)) throw conflict('message', ['id']);
        store(message, activity);
        if (dedupeKey !== undefined) dedupeKeys.set(dedupeKey, message.id);
        const written = copy(state.conversations.get(conversation.id)!);
        if (!takeTurn) return { outcome: 'written' as const, conversation: written };
        const { holder, until, now } = takeTurn;
        const turn = takeTurnNow(state, conversation.id, holder, until, now, message.id);
        return { outcome: 'written' as const, conversation: written, turn };
      }),
    readInbound: (channel, externalId, target) =>
      gate(() => {
        const identity = state.identities.get(key(channel, externalId));
        const contact = (identity && state.contacts.get(identity.contactId)) ?? null;
        const byChat = (chatId: string) =>
          [...state.conversations.values()]
            .filter(
              (c) =>
                !state.archived.has(c.id) &&
                c.kind === 'assistant' &&
                c.channel === channel &&
                c.externalChatId === chatId,
            )
            .sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id))[0];
        const byId = (id: string) => (state.archived.has(id) ? undefined : state.conversations.get(id));
        const conversation = 'conversationId' in target ? byId(target.conversationId) : byChat(target.chatId);
        return { contact: copy(contact), conversation: copy(conversation ?? null) };
      }),
    insertOutbound: ({ message, activity, entry, expected, releases }) =>
      gate(() => {
        const conversation = state.conversations.get(message.conversationId);
        if (!conversation || state.archived.has(conversation.id) || conversation.handoff !== expected.handoff)
          return null;
        if (expected.coachNeededAt !== undefined && expected.coachNeededAt !== conversation.coachNeededAt)
          return null;
        if (messages.has(message.id)) throw conflict('message', ['id']);
        if (state.outbox.has(entry.id)) throw conflict('outbox entry', ['id']);
        store(message, activity);
        state.outbox.set(entry.id, copy(entry));
        const turn = releases && state.turns.get(conversation.id);
        if (turn && turn.holder === releases.holder) {
          const newer = turn.answeredThrough === null || turn.answeredThrough < releases.answered;
          state.turns.set(conversation.id, {
            holder: null,
            leaseUntil: null,
            answeredThrough: newer ? releases.answered : turn.answeredThrough,
          });
        }
        return copy(state.conversations.get(conversation.id)!);
      }),
    get: (id) => gate(() => copy(messages.get(id) ?? null)),
    findByDedupeKey: (dedupeKey) =>
      gate(() => {
        const id = dedupeKeys.get(dedupeKey);
        return copy((id !== undefined && messages.get(id)) || null);
      }),
    findByExternalId: (channel, externalId) =>
      gate(() => {
        const found = [...messages.values()]
          .filter((message) => message.channel === channel && message.externalId === externalId)
          .sort((a, b) => compare(a.id, b.id));
        return copy(found[0] ?? null);
      }),
    /** The newest `limit` messages with an id below `before`, oldest first. */
    list: (conversationId, query) =>
      gate(() => {
        const older = ofConversation(conversationId).filter(
          (message) =>
            (query.before === undefined || message.id < query.before) &&
            (message.kind !== 'note' || query.includeNotes === true),
        );
        return older.slice(Math.max(0, older.length - query.limit)).map(copy);
      }),
    last: (conversationId) =>
      gate(() =>
        copy(
          ofConversation(conversationId)
            .filter((m) => m.kind !== 'note')
            .at(-1) ?? null,
        ),
      ),
    lastFromContactAt: (conversationId) =>
      gate(() => {
        const times = ofConversation(conversationId)
          .filter((message) => message.sender.type === 'contact')
          .map((message) => message.createdAt)
          .sort();
        return times.at(-1) ?? null;
      }),
    countGuarded: (since) =>
      gate(() => [...messages.values()].filter((m) => m.guard?.length && m.createdAt >= since).length),
    activity: (from, to) =>
      gate(() => {
        const inWindow = [...messages.values()].filter(
          (m) =>
            m.createdAt >= from &&
            m.createdAt < to &&
            m.kind !== 'note' &&
            state.conversations.get(m.conversationId)?.kind !== 'direct',
        );
        const by = (type: string) => inWindow.filter((m) => m.sender.type === type).length;
        return {
          messages: inWindow.filter((m) => m.sender.type !== 'system').length,
          fromContacts: by('contact'),
          assistant: by('assistant'),
          coach: by('coach'),
          conversations: new Set(inWindow.map((m) => m.conversationId)).size,
        };
      }),
    countUnread: (conversationId, afterId, contactId) =>
      gate(
        () =>
          ofConversation(conversationId).filter(
            (message) =>
              (afterId === null || message.id > afterId) &&
              message.kind !== 'note' &&
              (message.sender.type !== 'contact' || message.sender.id !== contactId),
          ).length,
      ),
    setStatus: (id, update) =>
      gate(() => {
        const current = messages.get(id);
        if (!current) return false;
        messages.set(id, withStatus(current, update));
        return true;
      }),
    updateStatus: (id, update) =>
      gate(() => {
        const current = messages.get(id);
        if (!current) return null;
        const next = withStatus(current, update);
        messages.set(id, next);
        return copy(next);
      }),
  };
}
