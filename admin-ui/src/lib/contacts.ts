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

/** One contact's page: its data, its channel identities and who may be the same person. */
export type ContactDetail = ContactListItem & {
  identities: { channel: string; externalId: string; createdAt: string }[];
};

export const getContact = (id: string) => fetchJson<ContactDetail>(`${BASE}/${encodeURIComponent(id)}`);

export const editContact = (
  id: string,
  patch: { name?: string; tags?: string[]; email?: string | null; phone?: string | null },
) => fetchJson<Contact>(`${BASE}/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });

export const IMPORT_FIELDS = ['name', 'email', 'phone', 'tags'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** The file's header chosen for each field, or null to leave the field out. */
export type ImportColumns = Record<ImportField, string | null>;

export interface ImportOptions {
  update: boolean;
  columns?: ImportColumns;
}

export interface ImportPreview extends ImportReport {
  updated?: number;
  headers: string[];
  columns: ImportColumns;
  rows: {
    row: number;
    name: string;
    email: string;
    phone: string;
    tags: string;
    action: 'create' | 'update' | 'refuse';
    reason?: string;
  }[];
}

function importQuery(options: ImportOptions, preview: boolean): string {
  const params = new URLSearchParams({ update: String(options.update), preview: String(preview) });
  if (options.columns) params.set('columns', JSON.stringify(options.columns));
  return `?${params}`;
}

const postCsv = <T>(csv: string, search: string) =>
  fetchJson<T>(`${BASE}/import${search}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    rawBody: csv,
  });

/** What the import would do, written nowhere. */
export const previewImport = (csv: string, options: ImportOptions) =>
  postCsv<ImportPreview>(csv, importQuery(options, true));

export const runImport = (csv: string, options: ImportOptions) =>
  postCsv<ImportReport & { updated?: number }>(csv, importQuery(options, false));
