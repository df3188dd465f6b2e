import { query } from './crud.js';
import { fetchJson } from './fetch-json.js';
import type { Group, GroupMember, Page } from './types.js';

const BASE = '/api/admin/groups';
const at = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const listGroups = (filter: { query?: string } = {}, page = 1, limit = 100) =>
  fetchJson<Page<Group>>(`${BASE}${query({ ...filter, page, limit })}`);
export const createGroup = (name: string) => fetchJson<Group>(BASE, { method: 'POST', body: { name } });
export const renameGroup = (id: string, name: string) =>
  fetchJson<Group>(at(id), { method: 'PATCH', body: { name } });
export const deleteGroup = (id: string) => fetchJson<void>(at(id), { method: 'DELETE' });
export const listMembers = (id: string) =>
  fetchJson<{ items: GroupMember[] }>(`${at(id)}/members`).then((body) => body.items);
export const addMember = (id: string, contactId: string) =>
  fetchJson<GroupMember>(`${at(id)}/members/${encodeURIComponent(contactId)}`, { method: 'POST' });
export const removeMember = (id: string, contactId: string) =>
  fetchJson<void>(`${at(id)}/members/${encodeURIComponent(contactId)}`, { method: 'DELETE' });
