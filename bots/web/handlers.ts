/** What each `/chat` request does. Plain functions of (input, member): the socket wiring is elsewhere. */
import type { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import { NotFoundError, RateLimitedError, ValidationError } from '../../core/errors.js';
import {
  addGroupMember,
  type GroupDeps,
  loadGroup,
  openDirect,
  removeGroupMember,
} from '../../core/groups.js';
import { toPublicMessage } from '../../core/messages.js';
import type { Store } from '../../core/repositories.js';
import type { Contact, Conversation } from '../../core/types.js';
import type { AddressLimits } from './address-limits.js';
import type { BookingChatDeps } from './booking-handlers.js';
import type { MemberTokens } from './member-token.js';
import type { SlidingWindowLimiter } from './rate-limit.js';
import type {
  directOpenSchema,
  historySchema,
  joinSchema,
  leaveSchema,
  readSchema,
  sendSchema,
  typingSchema,
} from './schemas.js';

export interface ChatDeps {
  engine: Engine;
  groups: GroupDeps;
  store: Store;
  tokens: MemberTokens;
  limiter: SlidingWindowLimiter;
  /** Per client address (`address` below: the key of the socket's client address). */
  limits: AddressLimits;
  now: () => Date;
  /** Classes and bookings; unset: the booking requests answer not_found. */
  bookings?: BookingChatDeps;
}

export async function member(deps: ChatDeps, memberId: string): Promise<Contact> {
  const contact = await deps.store.contacts.findByIdentity('web', memberId);
  if (!contact) throw new NotFoundError('member not found');
  return contact;
}

export async function requireConversation(deps: ChatDeps, memberId: string, conversationId: string) {
  const contact = await member(deps, memberId);
  const conversation = await deps.store.conversations.get(conversationId);
  if (!conversation || !(await deps.store.conversations.isMember(conversationId, contact.id))) {
    throw new NotFoundError('conversation not found', 'conversationId');
  }
  return { contact, conversation };
}

/** A web group the member may join (checked before anything is stored). */
async function joinableGroup(deps: ChatDeps, groupId: string) {
  const group = await loadGroup(deps.store, groupId);
  if (group.channel !== 'web') throw new NotFoundError('group not found', 'group');
  return group;
}

export async function join(
  deps: ChatDeps,
  input: z.output<typeof joinSchema>,
  memberId: string | null,
  address: string,
) {
  deps.limits.join(address);
  if (input.link && input.group) {
    throw new ValidationError('group: join through a link or a group, not both', 'group');
  }
  const group = input.group ? await joinableGroup(deps, input.group) : null;
  const { email, phone, name } = input;
  const result = await deps.engine.ingest({
    type: 'join',
    channel: 'web',
    from: { externalId: memberId ?? '', name },
    // Typed by the visitor: contact data to show the coach as unverified, never an identity.
    claimed: { email, phone },
    link: input.link,
  });
  if (result.type !== 'join') throw new Error('join returned no member');
  const { contact, conversation } = result;
  if (group) await addGroupMember(deps.groups, group.id, contact.id);
  return {
    member: { id: contact.id, name: contact.name, token: deps.tokens.sign(contact.id) },
    conversationId: group?.id ?? conversation?.id ?? null,
  };
}

async function summarize(deps: ChatDeps, contact: Contact, conversation: Conversation) {
  const [members, last] = await Promise.all([
    deps.store.conversations.listMembers(conversation.id),
    deps.store.messages.last(conversation.id),
  ]);
  const lastRead = members.find((m) => m.contactId === contact.id)?.lastReadMessageId ?? null;
  // A private conversation is named after the other member, as the viewer sees it.
  const peerId =
    conversation.kind === 'direct' ? members.find((m) => m.contactId !== contact.id)?.contactId : null;
  const peer = peerId ? await deps.store.contacts.get(peerId) : null;
  return {
    id: conversation.id,
    kind: conversation.kind,
    // An assistant conversation's title is the coach's (customer · entry link): not the customer's to see.
    title: peer?.name ?? (conversation.kind === 'assistant' ? null : conversation.title),
    ...(peer ? { peer: { id: peer.id, name: peer.name } } : {}),
    linkId: conversation.linkId,
    unread: await deps.store.messages.countUnread(conversation.id, lastRead, contact.id),
    lastMessage: last ? toPublicMessage(last) : null,
  };
}

export async function conversations(deps: ChatDeps, memberId: string) {
  const contact = await member(deps, memberId);
  const list = await deps.store.conversations.listForContact(contact.id);
  return { conversations: await Promise.all(list.map((c) => summarize(deps, contact, c))) };
}

/**
 * The newest message of the conversation that another member has read (their read markers, which
 * `read` moves forward), or null: what the page's ✓✓ stand on after a reload. Ids sort by creation.
 */
async function readByOthers(deps: ChatDeps, conversationId: string, contactId: string) {
  let newest: string | null = null;
  for (const member of await deps.store.conversations.listMembers(conversationId)) {
    const marker = member.contactId === contactId ? null : member.lastReadMessageId;
    if (marker && (newest === null || marker > newest)) newest = marker;
  }
  return newest;
}

/** The `memberId` of the coach's `read` events: not a member, the business reading (issue 19). */
export const COACH_READER = 'coach';

export async function history(deps: ChatDeps, input: z.output<typeof historySchema>, memberId: string) {
  const { contact } = await requireConversation(deps, memberId, input.conversationId);
  const [messages, members, coach] = await Promise.all([
    deps.store.messages.list(input.conversationId, { before: input.before, limit: input.limit ?? 50 }),
    readByOthers(deps, input.conversationId, contact.id),
    deps.store.coachReads.get(input.conversationId),
  ]);
  // The coach's marker counts as someone else's: the customer's messages up to it show ✓✓ read.
  const readUpTo = coach !== null && (members === null || coach > members) ? coach : members;
  return { messages: messages.map(toPublicMessage), readUpTo };
}

export async function send(
  deps: ChatDeps,
  input: z.output<typeof sendSchema>,
  memberId: string,
  address: string,
) {
  if (!deps.limiter.take(memberId, deps.now().getTime())) {
    throw new RateLimitedError('too many messages: wait a few seconds', 10);
  }
  deps.limits.message(address);
  const result = await deps.engine.ingest({
    type: 'text',
    channel: 'web',
    from: { externalId: memberId },
    conversationId: input.conversationId,
    clientMessageId: input.clientMessageId,
    text: input.text,
  });
  if (result.type !== 'message') throw new Error('send stored no message');
  return { message: toPublicMessage(result.message), duplicate: result.duplicate };
}

export async function typing(
  deps: ChatDeps,
  input: z.output<typeof typingSchema>,
  memberId: string,
  address: string,
) {
  // A member's typing shows for 3 s on the others' screens: repeating it sooner fans out nothing new
  // (answered as any typing would be, so a dropped one tells nothing a first one would not).
  if (!deps.limits.typing(address, memberId, input.conversationId)) {
    await requireConversation(deps, memberId, input.conversationId);
    return {};
  }
  await deps.engine.ingest({ type: 'typing', channel: 'web', from: { externalId: memberId }, ...input });
  return {};
}

export async function read(deps: ChatDeps, input: z.output<typeof readSchema>, memberId: string) {
  await deps.engine.ingest({ type: 'read', channel: 'web', from: { externalId: memberId }, ...input });
  return {};
}

export async function directOpen(deps: ChatDeps, input: z.output<typeof directOpenSchema>, memberId: string) {
  const contact = await member(deps, memberId);
  const { conversation } = await openDirect(deps.groups, contact, input.memberId);
  return { conversationId: conversation.id };
}

/**
 * The member leaves a group (README: not in CONTRACT.md). Their sockets leave its room at once (the
 * `membership` event); the group and its messages stay. Another kind of conversation cannot be left.
 */
export async function leave(deps: ChatDeps, input: z.output<typeof leaveSchema>, memberId: string) {
  const { contact, conversation } = await requireConversation(deps, memberId, input.conversationId);
  if (conversation.kind !== 'group') {
    throw new ValidationError('conversationId: only a group can be left', 'conversationId');
  }
  await removeGroupMember(deps.groups, conversation.id, contact.id);
  return {};
}
