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
  return [...text.replace(/\s+/g, ' ').trim()].slice(0, PREVIEW_LENGTH).join('');
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
