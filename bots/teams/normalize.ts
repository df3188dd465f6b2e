/**
 * Pure: a Bot Framework activity from Teams (the JSON it posts to /api/messages) to an
 * `InboundEvent`, and the conversation reference that later sends (replies, the coach, campaigns)
 * need to reach that conversation proactively. A personal chat is a private chat; a group chat or a
 * channel thread is a group chat, addressed to the assistant when the bot is @mentioned. Tested on
 * recorded activities (test/bots/teams/fixtures).
 */
import { ValidationError } from '../../core/errors.js';
import type { InboundMessageEvent } from '../../core/inbound.js';
import { type AttachmentJson, inboundMedia } from './attachments.js';
import { pressedAction } from './cards.js';

export interface ChannelAccountJson {
  id?: string;
  name?: string;
  aadObjectId?: string;
}

export interface ActivityJson {
  type?: string;
  id?: string;
  serviceUrl?: string;
  channelId?: string;
  from?: ChannelAccountJson;
  recipient?: ChannelAccountJson;
  conversation?: {
    id?: string;
    conversationType?: string;
    tenantId?: string;
    isGroup?: boolean;
    name?: string;
  };
  text?: string;
  /** An Adaptive Card's Action.Submit data (a press on one of the bot's buttons). */
  value?: unknown;
  attachments?: AttachmentJson[];
  entities?: Array<{ type?: string; mentioned?: ChannelAccountJson; text?: string }>;
  channelData?: { tenant?: { id?: string }; team?: { name?: string }; channel?: { name?: string } };
}

/** What a proactive send needs (the SDK's ConversationReference, as stored JSON). */
export interface TeamsReference {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  agent: { id: string; name?: string };
  /** Who last wrote (the SDK addresses a continued turn to them; Teams posts to the whole conversation). */
  user: { id: string };
}

export type NormalizedActivity =
  | { kind: 'message'; event: InboundMessageEvent; reference: TeamsReference }
  | { kind: 'ignored'; reason: string };

function required(value: string | undefined, field: string): string {
  const trimmed = value?.trim();
  if (!trimmed) throw new ValidationError(`${field} is missing`, field);
  return trimmed;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the bot is @mentioned, and the text without that mention (`<at>Kora</at> hello` → `hello`). */
export function botMention(activity: ActivityJson, botId: string): { mentioned: boolean; text: string } {
  let text = activity.text ?? '';
  let mentioned = false;
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention' || entity.mentioned?.id !== botId) continue;
    mentioned = true;
    if (entity.text) text = text.replace(new RegExp(escapeRegExp(entity.text), 'g'), ' ');
  }
  return { mentioned, text: text.replace(/\s+/g, ' ').trim() };
}

function referenceOf(
  activity: ActivityJson,
  conversationId: string,
  botId: string,
  userId: string,
): TeamsReference {
  const conversation = activity.conversation ?? {};
  const tenantId = conversation.tenantId ?? activity.channelData?.tenant?.id;
  return {
    channelId: activity.channelId ?? 'msteams',
    serviceUrl: required(activity.serviceUrl, 'serviceUrl'),
    conversation: {
      id: conversationId,
      ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(tenantId ? { tenantId } : {}),
      ...(conversation.isGroup !== undefined ? { isGroup: conversation.isGroup } : {}),
    },
    agent: { id: botId, ...(activity.recipient?.name ? { name: activity.recipient.name } : {}) },
    user: { id: userId },
  };
}

function groupTitle(activity: ActivityJson): string | undefined {
  const { team, channel } = activity.channelData ?? {};
  if (team?.name && channel?.name) return `${team.name} · ${channel.name}`;
  return activity.conversation?.name ?? team?.name ?? undefined;
}

/** A Teams activity as a text event (personal chat or group), or ignored (typing, updates, invokes…). */
export function normalizeActivity(activity: ActivityJson): NormalizedActivity {
  if (activity.type !== 'message') return { kind: 'ignored', reason: `activity type ${activity.type}` };
  const externalMessageId = required(activity.id, 'id');
  const conversationId = required(activity.conversation?.id, 'conversation.id');
  const botId = required(activity.recipient?.id, 'recipient.id');
  // The AAD object id names the person across the tenant (the 29: id differs per bot); guests may lack one.
  const userId = activity.from?.aadObjectId?.trim() || required(activity.from?.id, 'from.id');
  const reference = referenceOf(activity, conversationId, botId, required(activity.from?.id, 'from.id'));
  const type = activity.conversation?.conversationType;
  const group = type ? type !== 'personal' : activity.conversation?.isGroup === true;
  const { mentioned, text } = botMention(activity, botId);
  const pressed = pressedAction(activity.value);
  const media = pressed ? [] : inboundMedia(activity.attachments);
  if (!text && !pressed && media.length === 0) return { kind: 'ignored', reason: 'no text' };
  const name = activity.from?.name?.trim();
  const title = group ? groupTitle(activity) : undefined;
  const event: InboundMessageEvent = {
    // A press is the customer's choice: its label is the text stored, its id the payload.
    ...(pressed
      ? { type: 'button', payload: pressed.id, text: pressed.label }
      : media.length > 0
        ? { type: 'media', media, ...(text ? { text } : {}) }
        : { type: 'text', text }),
    channel: 'teams',
    from: { externalId: userId, ...(name ? { name } : {}) },
    chatId: conversationId,
    chatType: group ? 'group' : 'private',
    ...(title ? { chatTitle: title } : {}),
    ...(group ? { addressedToAssistant: mentioned } : {}),
    externalMessageId,
    raw: activity,
  };
  return { kind: 'message', event, reference };
}
