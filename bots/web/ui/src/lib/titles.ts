import { isOwn } from './chat-state.js';
import { t } from './i18n.js';
import type { ChatMessage, ConversationSummary, Member } from './protocol.js';

/**
 * What to call a conversation: a private one by the other person's name, a group by its name, the
 * assistant by its kind. The server's title of an assistant conversation is the coach's ("Sophie
 * Martin · Instagram bio"): the entry link's name and mode are internal, never shown to the customer.
 */
export function conversationTitle(
  conversation: ConversationSummary,
  member: Member | null,
  messages: ChatMessage[] | undefined,
): string {
  if (conversation.kind === 'direct') {
    if (conversation.peer?.name) return conversation.peer.name;
    const candidates = [...(messages ?? []), ...(conversation.lastMessage ? [conversation.lastMessage] : [])];
    const other = candidates.find((message) => message.sender.type === 'contact' && !isOwn(message, member));
    if (other) return other.sender.name;
  }
  if (conversation.kind === 'assistant') return t('kind.assistant');
  return conversation.title?.trim() || t(`kind.${conversation.kind}`);
}

/** One line of the last message for the list: "Aïcha: hello" in a group, the text elsewhere. */
export function preview(conversation: ConversationSummary, member: Member | null): string {
  const last = conversation.lastMessage;
  if (!last) return t('list.noMessage');
  const text = last.text.replace(/\s+/g, ' ').trim();
  if (isOwn(last, member)) return `${t('message.you')}: ${text}`;
  return conversation.kind === 'group' ? `${last.sender.name}: ${text}` : text;
}
