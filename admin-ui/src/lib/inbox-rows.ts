/** How the inbox's rows follow the live feed (issue 19): newest message, unread count, agent, status. */
import type { InboxConversation, InboxSummary } from './inbox.js';
import type { Message } from './types.js';

const EMPTY: InboxSummary = {
  conversationId: '',
  lastMessage: null,
  unread: 0,
  assigneeId: null,
  status: 'open',
  resolvedAt: null,
};

/**
 * A message moves its row to the top with it as the preview; a customer's message counts as unread
 * unless the conversation is open in sight, and reopens a resolved one. Notes change nothing.
 */
export function applyMessage(
  items: InboxConversation[],
  conversationId: string,
  message: Message,
  visible: boolean,
): InboxConversation[] {
  const item = items.find((row) => row.id === conversationId);
  if (!item || message.kind === 'note') return items;
  const summary = { ...EMPTY, conversationId, ...item.inbox };
  const known = summary.lastMessage && summary.lastMessage.id >= message.id;
  const fromCustomer = message.sender.type === 'contact' && message.status === 'received';
  if (known && !fromCustomer) return items;
  const next: InboxConversation = {
    ...item,
    lastMessageAt:
      !item.lastMessageAt || item.lastMessageAt < message.createdAt ? message.createdAt : item.lastMessageAt,
    inbox: {
      ...summary,
      lastMessage: known
        ? summary.lastMessage
        : {
            id: message.id,
            senderType: message.sender.type,
            senderName: message.sender.name,
            text: message.text.replace(/\s+/g, ' ').slice(0, 140),
          },
      unread: fromCustomer && !known && !visible ? summary.unread + 1 : summary.unread,
      ...(fromCustomer ? { status: 'open' as const, resolvedAt: null } : {}),
    },
  };
  return [next, ...items.filter((row) => row.id !== conversationId)];
}

/** An agent or status change, as every agent is told it (their own unread count is kept). */
export function applyInboxChange(
  items: InboxConversation[],
  conversationId: string,
  change: Omit<InboxSummary, 'unread'> | InboxSummary,
): InboxConversation[] {
  return items.map((item) =>
    item.id === conversationId
      ? { ...item, inbox: { ...EMPTY, ...item.inbox, ...change, unread: item.inbox?.unread ?? 0 } }
      : item,
  );
}
