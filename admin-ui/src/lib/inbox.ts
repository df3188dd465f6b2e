/**
 * The inbox tools' API (issue 19): per-agent read state and the unread total, notes, assignment,
 * open / resolved, the customer beside the thread, canned replies and messages sent later.
 */
import type * as core from '../../../core/inbox-types.js';
import { crud } from './crud.js';
import { fetchJson } from './fetch-json.js';
import type { Contact, Conversation, Items, Message } from './types.js';

export type InboxSummary = core.InboxSummary;
export type InboxStatus = core.InboxStatus;
export type CannedReply = core.CannedReply;
export type ScheduledMessage = core.ScheduledMessage;

/** A conversation as the inbox lists it: its summary for this agent, and for a search what it matched. */
export type InboxConversation = Conversation & {
  inbox?: InboxSummary | null;
  match?: { messageId: string; text: string };
};

export interface Agent {
  id: string;
  name: string;
  role: 'owner' | 'agent';
}

export interface ContactPanelData {
  contact: Contact | null;
  identities: { channel: string; externalId: string; createdAt: string }[];
  notes: Message[];
  campaigns: core.CampaignReceived[];
  payments: { id: string; url: string; clicks: number; lastClickAt: string | null }[];
}

const conversation = (id: string, rest = '') => `/api/admin/conversations/${encodeURIComponent(id)}${rest}`;

export const markRead = (id: string) => fetchJson<void>(conversation(id, '/read'), { method: 'POST' });

export const fetchUnread = () => fetchJson<{ count: number; limit: number }>('/api/admin/inbox/unread');

export const postNote = (id: string, text: string) =>
  fetchJson<Message>(conversation(id, '/notes'), { method: 'POST', body: { text } });

export const assign = (id: string, userId: string | null) =>
  fetchJson<InboxSummary>(conversation(id, '/assign'), { method: 'POST', body: { userId } });

export const setStatus = (id: string, status: InboxStatus) =>
  fetchJson<InboxSummary>(conversation(id, '/status'), { method: 'POST', body: { status } });

export const fetchContactPanel = (id: string) => fetchJson<ContactPanelData>(conversation(id, '/contact'));

export const listAgents = () => fetchJson<Items<Agent>>('/api/admin/inbox/agents').then((body) => body.items);

export const cannedReplies = crud<CannedReply, { shortcut: string; text: string }>(
  '/api/admin/inbox/canned-replies',
);

export const listScheduled = (id: string) =>
  fetchJson<Items<ScheduledMessage>>(conversation(id, '/scheduled')).then((body) => body.items);

/** `sendAt`: a local date-time as an <input type="datetime-local"> gives it, read in the business's TIMEZONE. */
export const scheduleMessage = (id: string, text: string, sendAt: string) =>
  fetchJson<ScheduledMessage>(conversation(id, '/scheduled'), { method: 'POST', body: { text, sendAt } });

export const cancelScheduled = (id: string, scheduledId: string) =>
  fetchJson<ScheduledMessage>(conversation(id, `/scheduled/${encodeURIComponent(scheduledId)}`), {
    method: 'DELETE',
  });
