import { query } from './crud.js';
import { fetchJson } from './fetch-json.js';
import type { InboxConversation } from './inbox.js';
import type { Conversation, Items, Message, Page, TrackedLink } from './types.js';

const BASE = '/api/admin/conversations';

export interface ConversationFilter {
  query?: string;
  kind?: 'assistant' | 'group' | '';
  handoff?: 'true' | 'false' | '';
  /** Waiting for the coach: a question left to them, or handed over with the customer's message newest. */
  waiting?: 'true' | '';
  /** Issue 19: `me` (mine), `none` (unassigned); empty: all. */
  assignee?: 'me' | 'none' | '';
  status?: 'open' | 'resolved' | '';
}

export const PAGE_SIZE = 30;

export const listConversations = (filter: ConversationFilter, page: number) =>
  fetchJson<Page<InboxConversation>>(`${BASE}${query({ ...filter, page, limit: PAGE_SIZE })}`);

/** Oldest first; `before` pages back in time. */
export const listMessages = (id: string, before?: string) =>
  fetchJson<Items<Message>>(`${BASE}/${encodeURIComponent(id)}/messages${query({ before, limit: 50 })}`).then(
    (body) => body.items,
  );

export const sendMessage = (id: string, text: string) =>
  fetchJson<Message>(`${BASE}/${encodeURIComponent(id)}/messages`, { method: 'POST', body: { text } });

export const setHandoff = (id: string, active: boolean) =>
  fetchJson<Conversation>(`${BASE}/${encodeURIComponent(id)}/handoff`, { method: 'POST', body: { active } });

export const listPaymentLinks = (id: string) =>
  fetchJson<Items<TrackedLink>>(`${BASE}/${encodeURIComponent(id)}/payment-links`).then((body) => body.items);
