/**
 * What a channel adapter hands to the engine: one discriminated union for every channel.
 * Adapters only normalize; every decision is the engine's.
 */
import type { ChannelName, ErrorInfo, Media, MessageStatus } from './types.js';

/** Who sent the event, as the channel names them. */
export interface InboundSender {
  externalId: string;
  name?: string;
  /**
   * The number or address the channel itself proves the message came from (a WhatsApp or SMS
   * sender): it is stored as verified. Never what a person typed: that is `InboundJoin.claimed`.
   */
  phone?: string;
  email?: string;
}

/** Contact data a person typed about themselves (web `join`): stored unverified, never an identity. */
export interface ClaimedContactData {
  phone?: string;
  email?: string;
}

interface InboundBase {
  channel: ChannelName;
  from: InboundSender;
  /** The chat on the channel (Telegram chat id, WhatsApp number); absent on the web. */
  chatId?: string;
  /** The conversation the sender addresses explicitly (web chat). */
  conversationId?: string;
  /** The kind of chat, on channels that have both (Telegram): one person, or a group chat. */
  chatType?: 'private' | 'group';
  /** The group chat's own title, when `chatType` is 'group'. */
  chatTitle?: string;
  /** In a group chat: the message mentions the assistant (the bot) or replies to one of its messages. */
  addressedToAssistant?: boolean;
  /** The channel's id of this event, for de-duplication of redeliveries. */
  externalMessageId?: string;
  /** The client's own id (web chat), for de-duplication of retries. */
  clientMessageId?: string;
  /** The provider's payload, kept beside the normalized event for diagnosis. */
  raw?: unknown;
}

export interface InboundText extends InboundBase {
  type: 'text';
  text: string;
}

export interface InboundMedia extends InboundBase {
  type: 'media';
  text?: string;
  media: Media[];
}

export interface InboundButton extends InboundBase {
  type: 'button';
  payload: string;
  text: string;
}

/** Opens a conversation: through an entry link (token or short code), or just registers the sender. */
export interface InboundJoin extends InboundBase {
  type: 'join';
  link?: string;
  claimed?: ClaimedContactData;
}

export interface InboundLeave extends InboundBase {
  type: 'leave';
}

export interface InboundRead extends InboundBase {
  type: 'read';
  messageId: string;
}

export interface InboundTyping extends InboundBase {
  type: 'typing';
}

/** A provider's delivery report for a message we sent. */
export interface InboundStatus {
  type: 'status';
  channel: ChannelName;
  externalMessageId: string;
  status: MessageStatus;
  error?: ErrorInfo;
  raw?: unknown;
}

/**
 * Who is in a channel's group chat, as the channel lists them (WhatsApp through a linked number: the
 * groups it is in, their members). 'replace': the whole roster (members not listed leave the group);
 * 'add' / 'remove': these members joined or left. The channel's own account is never listed.
 */
export interface InboundGroupRoster {
  type: 'roster';
  channel: ChannelName;
  chatId: string;
  /** The group chat's title; absent: unchanged (or a placeholder for a group seen first). */
  chatTitle?: string;
  change: 'replace' | 'add' | 'remove';
  members: InboundSender[];
  raw?: unknown;
}

export type InboundEvent =
  | InboundText
  | InboundMedia
  | InboundButton
  | InboundJoin
  | InboundLeave
  | InboundRead
  | InboundTyping
  | InboundStatus
  | InboundGroupRoster;

export type InboundMessageEvent = InboundText | InboundMedia | InboundButton;
