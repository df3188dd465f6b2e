/** The page's picture of the member's conversations, and the pure rules that update it. */
import type { ErrorContext } from './i18n.js';
import type { ChatError, ChatMessage, ConversationSummary, Member } from './protocol.js';

export type Phase = 'form' | 'connecting' | 'ready' | 'failed';

export interface Typer {
  id: string;
  name: string;
  /** Time (ms) after which the indicator goes away unless they type again. */
  until: number;
}

export interface ChatSnapshot {
  phase: Phase;
  /** Why the form is shown again, or why the chat failed. */
  error: ChatError | null;
  errorContext: ErrorContext;
  /** A refusal to show politely above the conversation (a private chat that could not open...). */
  notice: { error: ChatError; context: ErrorContext } | null;
  member: Member | null;
  online: boolean;
  /** Newest activity first. */
  conversations: ConversationSummary[];
  selectedId: string | null;
  /** On a narrow screen, which of the list and the open conversation is shown. */
  view: 'list' | 'thread';
  messages: Record<string, ChatMessage[]>;
  /** Conversations with earlier messages to load. */
  more: Record<string, boolean>;
  typing: Record<string, Typer[]>;
  /** Per conversation, the time of the newest message someone else has read. */
  readUpTo: Record<string, number>;
  /** The assistant's answer as it grows, until the stored message arrives. */
  drafts: Record<string, string>;
}

export function initialSnapshot(member: Member | null): ChatSnapshot {
  return {
    phase: member ? 'connecting' : 'form',
    error: null,
    errorContext: 'link',
    notice: null,
    member,
    online: false,
    conversations: [],
    selectedId: null,
    view: 'list',
    messages: {},
    more: {},
    typing: {},
    readUpTo: {},
    drafts: {},
  };
}

export function isOwn(message: ChatMessage, member: Member | null): boolean {
  return message.sender.type === 'contact' && !!member && message.sender.id === member.id;
}

function time(message: ChatMessage | null | undefined): number {
  const value = message ? Date.parse(message.createdAt) : Number.NaN;
  return Number.isNaN(value) ? 0 : value;
}

/** Adds or replaces messages by id (an ack and the matching `message` event are one message), oldest first. */
export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => time(a) - time(b));
}

/** Most recent activity first; conversations without messages keep the server's order, last. */
/**
 * A page of history merged in; a first page (or an older one) says whether more remain, and
 * `readUpTo` (the newest message another member has read) brings back the ✓✓ a reload would lose.
 */
export function withHistory(
  snapshot: ChatSnapshot,
  conversationId: string,
  page: { messages: ChatMessage[]; older: boolean; full: boolean; readUpTo?: string | null },
): Partial<ChatSnapshot> {
  const current = snapshot.messages[conversationId] ?? [];
  const messages = { ...snapshot.messages, [conversationId]: mergeMessages(current, page.messages) };
  const readUpTo = page.readUpTo
    ? withReceipt({ ...snapshot, messages }, conversationId, page.readUpTo)
    : null;
  return {
    messages,
    // A reconnection's reload of the newest page does not change what is known of older ones.
    more:
      page.older || current.length === 0 ? { ...snapshot.more, [conversationId]: page.full } : snapshot.more,
    ...(readUpTo ? { readUpTo } : {}),
  };
}

/** A stored message settles its sender's typing indicator, and the assistant's streamed draft. */
export function settledBy(snapshot: ChatSnapshot, message: ChatMessage): Partial<ChatSnapshot> {
  const id = message.conversationId;
  const patch: Partial<ChatSnapshot> = {};
  if (message.sender.type === 'assistant' && snapshot.drafts[id] !== undefined) {
    const { [id]: _done, ...rest } = snapshot.drafts;
    patch.drafts = rest;
  }
  const typers = snapshot.typing[id];
  // The coach types as `coach:<their id>` (they are no member) and writes as `<their id>`.
  const typerId = message.sender.type === 'coach' ? `coach:${message.sender.id}` : message.sender.id;
  if (typers?.some((typer) => typer.id === typerId)) {
    patch.typing = { ...snapshot.typing, [id]: typers.filter((typer) => typer.id !== typerId) };
  }
  return patch;
}

export function sortConversations(list: ConversationSummary[]): ConversationSummary[] {
  return list
    .map((conversation, index) => ({ conversation, index }))
    .sort((a, b) => time(b.conversation.lastMessage) - time(a.conversation.lastMessage) || a.index - b.index)
    .map(({ conversation }) => conversation);
}

/** The summary after a new message: last message, unread count (when the member was not looking). */
export function withMessage(
  list: ConversationSummary[],
  message: ChatMessage,
  countUnread: boolean,
): ConversationSummary[] {
  return sortConversations(
    list.map((conversation) => {
      if (conversation.id !== message.conversationId) return conversation;
      const newer = time(message) >= time(conversation.lastMessage);
      return {
        ...conversation,
        lastMessage: newer ? message : conversation.lastMessage,
        unread: conversation.unread + (countUnread ? 1 : 0),
      };
    }),
  );
}

export function withUnread(list: ConversationSummary[], id: string, unread: number): ConversationSummary[] {
  return list.map((conversation) =>
    conversation.id === id && conversation.unread !== unread ? { ...conversation, unread } : conversation,
  );
}

/** A read receipt covers every message up to the one it names. */
export function readTime(messages: ChatMessage[] | undefined, messageId: string): number | null {
  const message = messages?.find((candidate) => candidate.id === messageId);
  return message ? time(message) : null;
}

/** Someone else read up to `messageId`: the new marks, or null when that changes nothing. */
export function withReceipt(
  snapshot: ChatSnapshot,
  conversationId: string,
  messageId: string,
): ChatSnapshot['readUpTo'] | null {
  const at = readTime(snapshot.messages[conversationId], messageId);
  const current = snapshot.readUpTo[conversationId] ?? 0;
  if (at === null || at <= current) return null;
  return { ...snapshot.readUpTo, [conversationId]: at };
}

export function isRead(message: ChatMessage, readUpTo: number | undefined): boolean {
  return message.status === 'read' || (readUpTo !== undefined && time(message) <= readUpTo);
}

/** Who is typing in a conversation now. */
export function activeTypers(typers: Typer[] | undefined, now: number): Typer[] {
  return (typers ?? []).filter((typer) => typer.until > now);
}

/** Someone (else) started or went on typing. */
export function withTyper(
  typing: Record<string, Typer[]>,
  conversationId: string,
  typer: Typer,
  now: number,
): Record<string, Typer[]> {
  const others = activeTypers(typing[conversationId], now).filter((other) => other.id !== typer.id);
  return { ...typing, [conversationId]: [...others, typer] };
}

export function pruneTypers(typing: Record<string, Typer[]>, now: number): Record<string, Typer[]> {
  return Object.fromEntries(Object.entries(typing).map(([id, typers]) => [id, activeTypers(typers, now)]));
}

/** When the next typing indicator runs out, if any is shown. */
export function nextTypingExpiry(typing: Record<string, Typer[]>, now: number): number | null {
  const times = Object.values(typing)
    .flat()
    .map((typer) => typer.until)
    .filter((until) => until > now);
  return times.length > 0 ? Math.min(...times) : null;
}

/** The people seen writing in a group, to write to privately: contact senders other than the member. */
export function groupPeople(
  messages: ChatMessage[] | undefined,
  member: Member | null,
): { id: string; name: string }[] {
  const people = new Map<string, string>();
  for (const message of messages ?? []) {
    const { sender } = message;
    if (sender.type === 'contact' && sender.id && sender.id !== member?.id)
      people.set(sender.id, sender.name);
  }
  return [...people].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}
