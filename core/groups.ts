/**
 * Community groups and private messages. A group is a conversation of kind `group` (its id is the
 * group's id) whose members are its conversation members; a private conversation (kind `direct`) has
 * exactly two members, who must share a group, and is never routed to the assistant nor shown to the
 * coach. Membership changes are announced so live sockets join or leave the conversation's room.
 */
import { newConversation } from './conversations.js';
import { NotFoundError, ValidationError } from './errors.js';
import type { EventBus } from './events.js';
import type { Clock, IdGenerator } from './ids.js';
import type { Repositories, Store } from './repositories.js';
import type { ChannelName, Contact, Conversation } from './types.js';

export interface GroupDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  events: EventBus;
}

export interface GroupSummary {
  id: string;
  name: string;
  channel: ChannelName;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
}

export async function summarizeGroup(store: Repositories, group: Conversation): Promise<GroupSummary> {
  return {
    id: group.id,
    name: group.title,
    channel: group.channel,
    memberCount: await store.conversations.countMembers(group.id),
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
    lastMessageAt: group.lastMessageAt,
  };
}

export async function loadGroup(store: Repositories, id: string): Promise<Conversation> {
  const group = await store.conversations.get(id);
  if (group?.kind !== 'group') throw new NotFoundError('group not found', 'group');
  return group;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new ValidationError('name: must not be empty', 'name');
  return trimmed;
}

export async function createGroup(deps: GroupDeps, name: string): Promise<Conversation> {
  const now = deps.clock.now().toISOString();
  const group = newConversation(
    { id: deps.ids.next(), kind: 'group', title: checkName(name), channel: 'web' },
    now,
  );
  await deps.store.conversations.create(group);
  deps.events.emit('conversation', { conversation: group, change: 'created' });
  return group;
}

export async function renameGroup(deps: GroupDeps, id: string, name: string): Promise<Conversation> {
  await loadGroup(deps.store, id);
  const now = deps.clock.now().toISOString();
  const group = await deps.store.conversations.update(id, { title: checkName(name), updatedAt: now });
  if (!group) throw new NotFoundError('group not found', 'group');
  deps.events.emit('conversation', { conversation: group, change: 'updated' });
  return group;
}

/** Deleting a group archives it: members lose it at once; its messages stay stored. */
export async function deleteGroup(deps: GroupDeps, id: string): Promise<void> {
  const group = await loadGroup(deps.store, id);
  const members = await deps.store.conversations.listMembers(id);
  if (!(await deps.store.conversations.archive(id, deps.clock.now().toISOString()))) {
    throw new NotFoundError('group not found', 'group');
  }
  for (const member of members) {
    deps.events.emit('membership', { conversation: group, contactId: member.contactId, change: 'removed' });
  }
}

/** Adds the contact to the group (nothing changes when they already belong to it). */
export async function addGroupMember(
  deps: GroupDeps,
  groupId: string,
  contactId: string,
): Promise<{ group: Conversation; contact: Contact; added: boolean }> {
  const result = await deps.store.transaction(async (tx) => {
    const group = await loadGroup(tx, groupId);
    const contact = await tx.contacts.get(contactId);
    if (!contact) throw new NotFoundError('contact not found', 'contactId');
    if (await tx.conversations.isMember(groupId, contactId)) return { group, contact, added: false };
    const now = deps.clock.now().toISOString();
    await tx.conversations.addMember({
      conversationId: groupId,
      contactId,
      lastReadMessageId: null,
      joinedAt: now,
    });
    return { group, contact, added: true };
  });
  if (result.added) {
    deps.events.emit('membership', { conversation: result.group, contactId, change: 'added' });
  }
  return result;
}

export async function removeGroupMember(deps: GroupDeps, groupId: string, contactId: string): Promise<void> {
  const group = await loadGroup(deps.store, groupId);
  if (!(await deps.store.conversations.removeMember(groupId, contactId))) {
    throw new NotFoundError('this contact is not a member of the group', 'contactId');
  }
  deps.events.emit('membership', { conversation: group, contactId, change: 'removed' });
}

/** The chat id of the private conversation of two members: the same whoever opens it. */
const directKey = (a: string, b: string) => `direct:${[a, b].sort().join(':')}`;

async function shareAGroup(store: Repositories, a: string, b: string): Promise<boolean> {
  for (const conversation of await store.conversations.listForContact(a)) {
    if (conversation.kind === 'group' && (await store.conversations.isMember(conversation.id, b)))
      return true;
  }
  return false;
}

/**
 * The private conversation between `from` and `to` (opened on first use). Members may write privately
 * only to someone they share a group with; anyone else is `not_found`, so ids cannot be probed.
 */
export async function openDirect(
  deps: GroupDeps,
  from: Contact,
  toId: string,
): Promise<{ conversation: Conversation; created: boolean }> {
  if (toId === from.id) throw new ValidationError('memberId: you cannot write to yourself', 'memberId');
  const result = await deps.store.transaction(async (tx) => {
    const to = await tx.contacts.get(toId);
    if (!to || !(await shareAGroup(tx, from.id, to.id)))
      throw new NotFoundError('member not found', 'memberId');
    const key = directKey(from.id, to.id);
    const existing = await tx.conversations.findByExternalChat('web', key, 'direct');
    if (existing) return { conversation: existing, created: false };
    const now = deps.clock.now().toISOString();
    const conversation = newConversation(
      {
        id: deps.ids.next(),
        kind: 'direct',
        title: `${from.name} · ${to.name}`,
        channel: 'web',
        externalChatId: key,
      },
      now,
    );
    await tx.conversations.create(conversation);
    for (const contactId of [from.id, to.id]) {
      await tx.conversations.addMember({
        conversationId: conversation.id,
        contactId,
        lastReadMessageId: null,
        joinedAt: now,
      });
    }
    return { conversation, created: true };
  });
  if (result.created) {
    for (const contactId of [from.id, toId]) {
      deps.events.emit('membership', { conversation: result.conversation, contactId, change: 'added' });
    }
  }
  return result;
}
