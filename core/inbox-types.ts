/** The coach's inbox tools (issue 19): read state per agent, assignment, status, canned and scheduled replies. */
import type { ChannelName, ErrorInfo, SenderType } from './types.js';

export type InboxStatus = 'open' | 'resolved';

/** What an inbox row shows besides the conversation: kept on the conversation, never counted per row. */
export interface InboxSummary {
  conversationId: string;
  /** The newest message (notes left out), its text trimmed to PREVIEW_LENGTH characters. */
  lastMessage: { id: string; senderType: SenderType; senderName: string; text: string } | null;
  /** The customer's messages this agent has not seen (since they last opened the conversation). */
  unread: number;
  assigneeId: string | null;
  status: InboxStatus;
  resolvedAt: string | null;
}

/** How many characters of the newest message a row keeps. */
export const PREVIEW_LENGTH = 140;

/** The preview of a text: whole code points, at most PREVIEW_LENGTH, lines joined. */
export function previewOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // Code points are never more than UTF-16 units: a short text is whole. Else count up to the limit
  // (every answer stored moves its conversation's preview: no array of every character of it).
  if (flat.length <= PREVIEW_LENGTH) return flat;
  let end = 0;
  for (let count = 0; count < PREVIEW_LENGTH && end < flat.length; count++)
    end += (flat.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  return flat.slice(0, end);
}

/** A campaign message a contact received, for the conversation's side panel. */
export interface CampaignReceived {
  campaignId: string;
  name: string;
  channel: ChannelName;
  status: string;
  at: string;
}

/** A reply the team types with `/shortcut`; `{firstName}` and `{name}` are filled from the customer. */
export interface CannedReply {
  id: string;
  shortcut: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}

export type ScheduledStatus = 'scheduled' | 'sending' | 'sent' | 'cancelled' | 'failed';

/** One message the coach wrote to go later ("send later"); sent by the scheduler at `sendAt`. */
export interface ScheduledMessage {
  id: string;
  conversationId: string;
  text: string;
  sendAt: string;
  status: ScheduledStatus;
  authorId: string;
  authorName: string;
  /** The message it became once sent. */
  messageId: string | null;
  error: ErrorInfo | null;
  createdAt: string;
  updatedAt: string;
}
