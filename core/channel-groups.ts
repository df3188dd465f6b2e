/**
 * The members of a channel's group chat as the channel lists them (a WhatsApp group of the linked
 * number): the group conversation is opened or renamed, each member becomes a contact by the id the
 * channel names them with, and joins or leaves the group conversation. One transaction per roster;
 * the panel and live sockets hear about it afterwards.
 */
import { resolveContact } from './contacts.js';
import { openChannelGroup } from './conversations.js';
import type { EventBus } from './events.js';
import type { Clock, IdGenerator } from './ids.js';
import type { InboundGroupRoster } from './inbound.js';
import type { Repositories, Store } from './repositories.js';
import type { ChannelName, Conversation } from './types.js';

export interface RosterDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  events: EventBus;
  /** The channels whose ids are phone numbers (a member's number becomes their address there). */
  phoneChannels: readonly ChannelName[];
}

export interface RosterResult {
  conversation: Conversation;
  created: boolean;
  renamed: boolean;
  added: string[];
  removed: string[];
}

async function join(tx: Repositories, conversationId: string, contactId: string, now: string) {
  if (await tx.conversations.isMember(conversationId, contactId)) return false;
  await tx.conversations.addMember({ conversationId, contactId, lastReadMessageId: null, joinedAt: now });
  return true;
}

/** Members who left: only contacts already known by that id (a departure creates nobody). */
async function leave(tx: Repositories, event: InboundGroupRoster, conversationId: string): Promise<string[]> {
  const removed: string[] = [];
  for (const member of event.members) {
    const contact = await tx.contacts.findByIdentity(event.channel, member.externalId);
    if (contact && (await tx.conversations.removeMember(conversationId, contact.id)))
      removed.push(contact.id);
  }
  return removed;
}

async function applyRoster(deps: RosterDeps, tx: Repositories, event: InboundGroupRoster, now: string) {
  const before = await tx.conversations.findByExternalChat(event.channel, event.chatId, 'group');
  const { conversation, created } = await openChannelGroup(tx, deps.ids, now, {
    channel: event.channel,
    chatId: event.chatId,
    title: event.chatTitle,
  });
  const renamed = before !== null && before.title !== conversation.title;
  const result: RosterResult = { conversation, created, renamed, added: [], removed: [] };
  if (event.change === 'remove') {
    result.removed = await leave(tx, event, conversation.id);
    return result;
  }
  const listed = new Set<string>();
  for (const member of event.members) {
    const { contact } = await resolveContact(tx, deps.ids, now, event.channel, member, {
      phoneChannels: deps.phoneChannels,
    });
    listed.add(contact.id);
    if (await join(tx, conversation.id, contact.id, now)) result.added.push(contact.id);
  }
  if (event.change !== 'replace') return result;
  for (const member of await tx.conversations.listMembers(conversation.id)) {
    if (listed.has(member.contactId)) continue;
    if (await tx.conversations.removeMember(conversation.id, member.contactId))
      result.removed.push(member.contactId);
  }
  return result;
}

/** Applies the roster; announces the group (created, renamed) and each member who joined or left. */
export async function ingestRoster(deps: RosterDeps, event: InboundGroupRoster): Promise<RosterResult> {
  const now = deps.clock.now().toISOString();
  const result = await deps.store.transaction((tx) => applyRoster(deps, tx, event, now));
  const { conversation } = result;
  if (result.created) deps.events.emit('conversation', { conversation, change: 'created' });
  else if (result.renamed) deps.events.emit('conversation', { conversation, change: 'updated' });
  for (const contactId of result.added)
    deps.events.emit('membership', { conversation, contactId, change: 'added' });
  for (const contactId of result.removed)
    deps.events.emit('membership', { conversation, contactId, change: 'removed' });
  return result;
}
