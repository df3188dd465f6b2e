/**
 * One group of claimed rows, written in one unit: the rows' conversations (opened for those who have
 * none), each row marked sent with the id its message will have, the messages and their outbox
 * entries. A few statements per group and one per message, not five per row: what the group reads is
 * read for all its rows at once, and what it writes is written for all of them at once.
 */
import { newAssistantConversation } from '../conversations.js';
import { type OutboundInput, type StagedOutbound, stageOutboundMany } from '../outbound.js';
import type { Repositories } from '../repositories.js';
import type {
  Campaign,
  ChannelName,
  Contact,
  Conversation,
  ConversationMember,
  Delivery,
  ErrorInfo,
  LedgerStatus,
  MessageTemplate,
} from '../types.js';
import type { DispatchDeps } from './dispatch.js';
import { personalise } from './personalise.js';

export interface GroupContext {
  deps: DispatchDeps;
  campaign: Campaign;
  links: ReadonlyMap<string, string>;
  /** The claim the group's rows are held under. */
  token: string;
}

export type Prepared =
  | { row: Delivery; staged: StagedOutbound; created: Conversation | null }
  | { row: Delivery; status: Exclude<LedgerStatus, 'pending' | 'sent'>; error: ErrorInfo };

type Target = { conversation: Conversation; created: boolean; name: string | null };

/**
 * What a group's rows need, read with a few statements for the whole group: the contacts, their
 * assistant conversation on each channel, and (for those without one) their identity there.
 */
interface GroupLookups {
  contacts: Map<string, Contact>;
  /** `${channel} ${contactId}` -> the conversation; those the group opens are added. */
  conversations: Map<string, Conversation>;
  /** `${channel} ${contactId}` -> the external id on that channel. */
  identities: Map<string, string>;
}

const keyOf = (channel: ChannelName, contactId: string) => `${channel} ${contactId}`;

async function lookUp(tx: Repositories, group: readonly Delivery[]): Promise<GroupLookups> {
  const rows = group.filter((row) => row.recipientType === 'contact');
  const contacts = new Map(
    (await tx.contacts.getMany([...new Set(rows.map((row) => row.recipientId))])).map((c) => [c.id, c]),
  );
  const lookups: GroupLookups = { contacts, conversations: new Map(), identities: new Map() };
  for (const channel of new Set(rows.map((row) => row.channel))) {
    const ids = rows.filter((row) => row.channel === channel).map((row) => row.recipientId);
    await readConversations(tx, lookups, channel, ids);
    const without = ids.filter((id) => !lookups.conversations.has(keyOf(channel, id)));
    if (without.length === 0) continue;
    for (const [contactId, externalId] of await tx.deliveries.identitiesOn(channel, without)) {
      lookups.identities.set(keyOf(channel, contactId), externalId);
    }
  }
  return lookups;
}

async function readConversations(
  tx: Repositories,
  lookups: GroupLookups,
  channel: ChannelName,
  contactIds: readonly string[],
): Promise<void> {
  const found = await tx.conversations.latestAssistantOn(channel, contactIds);
  for (const [contactId, conversation] of Object.entries(found)) {
    lookups.conversations.set(keyOf(channel, contactId), conversation);
  }
}

/** The chat a new conversation is addressed by: the chat id, or the contact on a member channel (web). */
function chatOf(ctx: GroupContext, channel: ChannelName, externalId: string): string | undefined {
  return ctx.deps.channels?.identityOf(channel) === 'member' ? undefined : externalId;
}

/**
 * Opens, in one write, a conversation for each contact row that has none on its channel but an
 * identity there. The rows' chats are locked first (as an inbound message opening one locks its chat)
 * and looked up again: a conversation another unit opened meanwhile is taken, not doubled.
 */
async function openMissing(
  ctx: GroupContext,
  tx: Repositories,
  lookups: GroupLookups,
  group: readonly Delivery[],
  now: string,
): Promise<Map<string, Conversation>> {
  const opened = new Map<string, Conversation>();
  const missing = group.filter(
    (row) =>
      row.recipientType === 'contact' &&
      ctx.deps.channelEnabled(row.channel) &&
      lookups.contacts.has(row.recipientId) &&
      !lookups.conversations.has(keyOf(row.channel, row.recipientId)) &&
      lookups.identities.has(keyOf(row.channel, row.recipientId)),
  );
  const conversations: Conversation[] = [];
  const members: ConversationMember[] = [];
  for (const channel of new Set(missing.map((row) => row.channel))) {
    const rows = missing.filter((row) => row.channel === channel);
    const chats = rows.map((row) => {
      const externalId = lookups.identities.get(keyOf(channel, row.recipientId))!;
      return chatOf(ctx, channel, externalId) ?? `contact:${row.recipientId}`;
    });
    // Locked (units run at once): a conversation another unit opened since the lookup is read now.
    if (await tx.conversations.lockChats(channel, chats))
      await readConversations(
        tx,
        lookups,
        channel,
        rows.map((row) => row.recipientId),
      );
    for (const row of rows) {
      const key = keyOf(channel, row.recipientId);
      if (lookups.conversations.has(key)) continue;
      const { conversation, member } = newAssistantConversation(ctx.deps.ids, now, {
        contact: lookups.contacts.get(row.recipientId)!,
        channel,
        chatId: chatOf(ctx, channel, lookups.identities.get(key)!),
        link: null,
      });
      lookups.conversations.set(key, conversation);
      opened.set(key, conversation);
      conversations.push(conversation);
      members.push(member);
    }
  }
  await tx.conversations.createMany(conversations, members);
  return opened;
}

/** The row's conversation, or why it has none. */
async function targetOf(
  tx: Repositories,
  lookups: GroupLookups,
  opened: Map<string, Conversation>,
  row: Delivery,
): Promise<Target | ErrorInfo> {
  if (row.recipientType === 'conversation') {
    const conversation = await tx.conversations.get(row.recipientId);
    if (!conversation) return { code: 'not_found', message: 'the conversation no longer exists' };
    return { conversation, created: false, name: null };
  }
  const contact = lookups.contacts.get(row.recipientId);
  if (!contact) return { code: 'not_found', message: 'the contact no longer exists' };
  const key = keyOf(row.channel, contact.id);
  const conversation = lookups.conversations.get(key);
  if (!conversation) return { code: 'no_identity', message: `no ${row.channel} identity` };
  return { conversation, created: opened.has(key), name: contact.name };
}

/**
 * Template channels (WhatsApp) accept business-initiated free text only within 24 hours of the
 * customer's last message.
 */
const TEMPLATE_WINDOW_MS = 24 * 60 * 60 * 1_000;

/**
 * The campaign's approved template, personalised, when this recipient is on a channel with templates
 * and outside the 24-hour window (never wrote, or not lately); undefined: free text goes through.
 */
async function templateFor(
  ctx: GroupContext,
  tx: Repositories,
  row: Delivery,
  target: Target,
  now: string,
): Promise<MessageTemplate | undefined> {
  const template = ctx.campaign.whatsappTemplate;
  if (!template || !ctx.deps.channels?.can(row.channel, 'templates')) return undefined;
  const last = target.created ? null : await tx.messages.lastFromContactAt(target.conversation.id);
  if (last !== null && Date.parse(now) - Date.parse(last) < TEMPLATE_WINDOW_MS) return undefined;
  if (!template.variables) return { contentSid: template.contentSid };
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries(template.variables)) {
    variables[key] = personalise(value, { name: target.name }, ctx.links);
  }
  return { contentSid: template.contentSid, variables };
}

async function outboundFor(
  ctx: GroupContext,
  tx: Repositories,
  row: Delivery,
  target: Target,
  messageId: string,
  now: string,
): Promise<OutboundInput> {
  const { campaign } = ctx;
  return {
    id: messageId,
    sender: { type: 'coach', id: campaign.createdBy?.id, name: campaign.createdBy?.name ?? 'Coach' },
    text: personalise(campaign.message, { name: target.name }, ctx.links),
    media: campaign.mediaUrl ? [{ url: campaign.mediaUrl }] : undefined,
    template: await templateFor(ctx, tx, row, target, now),
    campaignId: campaign.id,
  };
}

/**
 * The group's outcomes, written in `tx` (a locking unit: it decides from its chats' locks and from
 * the claim's conditional updates). Rows are marked first, with the ids their messages will have: a
 * row whose claim ran out (another sender holds it now) writes nothing more. A conversation opened
 * for such a row stays: it is the contact's conversation on that channel either way.
 */
export async function writeGroup(
  ctx: GroupContext,
  tx: Repositories,
  group: readonly Delivery[],
  now: string,
): Promise<Prepared[]> {
  const lookups = await lookUp(tx, group);
  const opened = await openMissing(ctx, tx, lookups, group, now);
  const out: Prepared[] = [];
  const sending: { row: Delivery; target: Target; messageId: string }[] = [];
  for (const row of group) {
    const target: Target | ErrorInfo = ctx.deps.channelEnabled(row.channel)
      ? await targetOf(tx, lookups, opened, row)
      : { code: 'channel_unavailable', message: `channel ${row.channel} is not enabled` };
    if ('code' in target) {
      const status = target.code === 'channel_unavailable' ? 'failed' : 'skipped';
      if (await tx.deliveries.markFailed(row.id, ctx.token, { status, error: target, now }))
        out.push({ row, status, error: target });
      continue;
    }
    sending.push({ row, target, messageId: ctx.deps.ids.next() });
  }
  const marked = new Set(
    await tx.deliveries.markSentMany(
      ctx.token,
      sending.map(({ row, target, messageId }) => ({
        id: row.id,
        messageId,
        conversationId: target.conversation.id,
      })),
      now,
    ),
  );
  const held = sending.filter(({ row }) => marked.has(row.id));
  const sends = [];
  for (const { row, target, messageId } of held)
    sends.push({
      conversation: target.conversation,
      input: await outboundFor(ctx, tx, row, target, messageId, now),
    });
  const staged = await stageOutboundMany(ctx.deps, tx, sends);
  for (const [i, { row, target }] of held.entries())
    out.push({ row, staged: staged[i]!, created: target.created ? target.conversation : null });
  // In the group's order (the claim's): events and sends follow it.
  const order = new Map(group.map((row, i) => [row.id, i]));
  return out.sort((a, b) => order.get(a.row.id)! - order.get(b.row.id)!);
}
