/** Entry links, offers, articles, promo codes and the assistant's settings. */
import { crud } from './crud.js';
import { fetchJson } from './fetch-json.js';
import type { Article, AssistantSettings, EntryLink, Offer, PromoCode } from './types.js';

export type LinkInput = Pick<EntryLink, 'name' | 'mode' | 'customPrompt'>;
export const links = crud<EntryLink, LinkInput>('/api/admin/links');
export const offers = crud<Offer, Omit<Offer, 'id'>>('/api/admin/offers');
export const articles = crud<Article, Omit<Article, 'id'>>('/api/admin/articles');
export const promoCodes = crud<PromoCode, Omit<PromoCode, 'id' | 'uses'>>('/api/admin/promo-codes');

export const getAssistant = () => fetchJson<AssistantSettings>('/api/admin/assistant');
export const putAssistant = (patch: Partial<AssistantSettings>) =>
  fetchJson<AssistantSettings>('/api/admin/assistant', { method: 'PUT', body: patch });

export interface PreviewAnswer {
  text: string;
  guard?: { kind: string; removed: string }[];
  handoff?: boolean;
}

/** A test answer from the assistant as a customer of a STANDARD or STRICT link would get it. */
export function previewAssistant(input: {
  mode: 'standard' | 'strict';
  customPrompt?: string;
  messages: { role: 'user' | 'assistant'; text: string }[];
}): Promise<PreviewAnswer> {
  return fetchJson<PreviewAnswer>('/api/admin/assistant/preview', { method: 'POST', body: input });
}
