import { query } from './crud.js';
import { fetchJson } from './fetch-json.js';
import type { Contact, ContactListItem, ImportReport, Page } from './types.js';

const BASE = '/api/admin/contacts';
export const EXPORT_URL = `${BASE}/export.csv`;

export const listContacts = (filter: { query?: string; tag?: string }, page: number, limit = 50) =>
  fetchJson<Page<ContactListItem>>(`${BASE}${query({ ...filter, page, limit })}`);

export const updateContact = (id: string, patch: { name?: string; tags?: string[] }) =>
  fetchJson<Contact>(`${BASE}/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });

/** The first id is kept; the others are merged into it. */
export const mergeContacts = (ids: string[]) =>
  fetchJson<Contact>(`${BASE}/merge`, { method: 'POST', body: { ids } });

export const importContacts = (csv: string) =>
  fetchJson<ImportReport>(`${BASE}/import`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    rawBody: csv,
  });
