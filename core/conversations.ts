/** Which conversation an inbound event belongs to, and opening new ones. */
import { NotFoundError, ValidationError } from './errors.js';
import type { IdGenerator } from './ids.js';
import type { InboundMessageEvent } from './inbound.js';
import type { ChannelDirectory } from './channels/directory.js';
import { linkCarriedBy } from './link-code.js';
import { inboundText } from './messages.js';
import type { Repositories } from './repositories.js';
import type { ChannelName, Contact, Conversation, ConversationMember, EntryLink } from './types.js';

/** What a new conversation must say; everything else starts empty (no handoff, no message yet). */
export type NewConversation = Pick<Conversation, 'id' | 'kind' | 'title' | 'channel'> &
  Partial<Pick<Conversation, 'contactId' | 'externalChatId' | 'linkId' | 'mode'>>;

/** A conversation as it is on the day it opens: STANDARD unless said, not handed off, no messages. */
export function newConversation(fields: NewConversation, now: string): Conversation {
  return {
    contactId: null,
    externalChatId: null,
    linkId: null,
    mode: 'standard',
    ...fields,
    handoff: false,
    handoffAt: null,
    coachNeededAt: null,
    createdAt: now,
    updatedAt: now,
    lastMessageAt: null,
  };
}

export interface OpenAssistantInput {
  contact: Contact;
  channel: ChannelName;
  chatId?: string;
  link: EntryLink | null;
}

const TITLE_SEPARATOR = ' · ';

/** The coach's title of an assistant conversation: the customer, then the entry link it came through. */
export function assistantTitle(contactName: string, link: Pick<EntryLink, 'name'> | null): string {
  return link ? `${contactName}${TITLE_SEPARATOR}${link.name}` : contactName;
}

/**
 * The title once the customer is known under another name (a merge into another contact): the name
 * part changes, the link part stays; a title that does not start with the old name (a channel's own
 * title, a rename) is left as it is.
 */
export function retitled(title: string, oldName: string, newName: string): string {
  if (title === oldName) return newName;
  if (title.startsWith(`${oldName}${TITLE_SEPARATOR}`)) return newName + title.slice(oldName.length);
  return title;
}

/** A new assistant conversation in the link's mode (STANDARD without a link), with the contact as member. */
export async function openAssistantConversation(
  tx: Repositories,
  ids: IdGenerator,
  now: string,
  input: OpenAssistantInput,
): Promise<Conversation> {
  const { conversation, member } = newAssistantConversation(ids, now, input);
  await tx.conversations.create(conversation);
  await tx.conversations.addMember(member);
  return conversation;
}

/** What `openAssistantConversation` writes, not yet written (a campaign writes many at once). */
export function newAssistantConversation(
  ids: IdGenerator,
  now: string,
  input: OpenAssistantInput,
): { conversation: Conversation; member: ConversationMember } {
  const { contact, link } = input;
  const conversation = newConversation(
    {
      id: ids.next(),
      kind: 'assistant',
      title: assistantTitle(contact.name, link),
      contactId: contact.id,
      channel: input.channel,
      externalChatId: input.chatId ?? null,
      linkId: link?.id ?? null,
      mode: link?.mode ?? 'standard',
    },
    now,
  );
  const member = {
    conversationId: conversation.id,
    contactId: contact.id,
    lastReadMessageId: null,
    joinedAt: now,
  };
  return { conversation, member };
}

/** An entry link by its token, or by its short code (typed by a customer). */
export async function findLink(tx: Repositories, tokenOrCode: string): Promise<EntryLink> {
  const link = (await tx.links.getByToken(tokenOrCode)) ?? (await tx.links.getByCode(tokenOrCode));
  if (!link) throw new NotFoundError('entry link not found', 'link');
  return link;
}

/**
 * The conversation a message goes to: the one the sender names (they must belong to it), else the
 * newest one of their chat on that channel, else a new assistant conversation.
 */
export async function resolveConversation(
  tx: Repositories,
  ids: IdGenerator,
  now: string,
  event: InboundMessageEvent,
  contact: Contact,
  channels?: ChannelDirectory,
): Promise<{ conversation: Conversation; created: boolean }> {
  // Locked, not merely read (the caller's unit is `locking`): what the message decides from the
  // conversation (does the coach hold it?) and the chat (is there a conversation yet?) stays true
  // until the unit commits, whichever process writes to it meanwhile.
  if (event.conversationId) {
    const conversation = await tx.conversations.lock(event.conversationId);
    // The customer of an assistant conversation is its member; anyone else is checked.
    const owner = conversation?.contactId === contact.id;
    if (!conversation || !(owner || (await tx.conversations.isMember(conversation.id, contact.id)))) {
      throw new NotFoundError('conversation not found', 'conversationId');
    }
    return { conversation, created: false };
  }
  if (!event.chatId)
    throw new ValidationError('a message needs a conversationId or a chatId', 'conversationId');
  if (event.chatType === 'group') return resolveChannelGroup(tx, ids, now, event, event.chatId, contact);
  const existing = await tx.conversations.lockLatestByExternalChat(event.channel, event.chatId);
  // A link's short code (entry links of 'code' channels: WhatsApp, SMS) opens the conversation in that link's mode.
  const link = await linkCarriedBy(tx, channels?.carrierOf(event.channel), inboundText(event), existing);
  if (existing && !link) return { conversation: existing, created: false };
  const conversation = await openAssistantConversation(tx, ids, now, {
    contact,
    channel: event.channel,
    chatId: event.chatId,
    link,
  });
  return { conversation, created: true };
}

export interface ChannelGroupInput {
  channel: ChannelName;
  chatId: string;
  title?: string;
}

/**
 * The group conversation of a channel's group chat (a Telegram group the bot is in), opened on first
 * sight; a new title on the channel renames it. Channel groups have no link: mode STANDARD.
 */
export async function openChannelGroup(
  tx: Repositories,
  ids: IdGenerator,
  now: string,
  input: ChannelGroupInput,
): Promise<{ conversation: Conversation; created: boolean }> {
  const title = input.title?.trim();
  const existing = await tx.conversations.findByExternalChat(input.channel, input.chatId, 'group');
  if (existing) {
    if (!title || title === existing.title) return { conversation: existing, created: false };
    const renamed = await tx.conversations.update(existing.id, { title, updatedAt: now });
    return { conversation: renamed ?? existing, created: false };
  }
  const conversation = newConversation(
    {
      id: ids.next(),
      kind: 'group',
      title: title || `${input.channel} group ${input.chatId}`,
      channel: input.channel,
      externalChatId: input.chatId,
    },
    now,
  );
  // Insert-or-get: another process may open the same new group at this moment; one conversation wins.
  return tx.conversations.openGroup(conversation);
}

/** A message in a channel's group chat: its group conversation, with the sender a member from their first message. */
async function resolveChannelGroup(
  tx: Repositories,
  ids: IdGenerator,
  now: string,
  event: InboundMessageEvent,
  chatId: string,
  contact: Contact,
): Promise<{ conversation: Conversation; created: boolean }> {
  const resolved = await openChannelGroup(tx, ids, now, {
    channel: event.channel,
    chatId,
    title: event.chatTitle,
  });
  if (!(await tx.conversations.isMember(resolved.conversation.id, contact.id))) {
    await tx.conversations.addMember({
      conversationId: resolved.conversation.id,
      contactId: contact.id,
      lastReadMessageId: null,
      joinedAt: now,
    });
  }
  return resolved;
}
