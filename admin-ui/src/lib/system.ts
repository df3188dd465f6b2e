/** Channels, scheduler, users, audit log and stats. */
import { crud, query } from './crud.js';
import { fetchJson } from './fetch-json.js';
import type { AdminUserView, AuditEntry, ChannelInfo, Page, Stats } from './types.js';

export const getStats = () => fetchJson<Stats>('/api/admin/stats');

/** Accepts `{items: [...]}`, `{channels: [...]}` or `{web: {...}, telegram: {...}}`. */
export async function listChannels(): Promise<ChannelInfo[]> {
  const body = await fetchJson<unknown>('/api/admin/channels');
  if (Array.isArray(body)) return body as ChannelInfo[];
  const record = (body ?? {}) as Record<string, unknown>;
  const list = record.items ?? record.channels;
  if (Array.isArray(list)) return list as ChannelInfo[];
  return Object.entries(record).map(([name, value]) => ({ name, ...(value as object) }));
}

export interface WhatsAppQr {
  qr?: string | null;
  dataUrl?: string | null;
  state?: string;
  expiresAt?: string;
}

export const getWhatsAppQr = () => fetchJson<WhatsAppQr>('/api/admin/channels/whatsapp/qr');
export const getScheduler = () => fetchJson<Record<string, unknown>>('/api/admin/scheduler');

export type UserInput = { email: string; name: string; password: string; role: 'owner' | 'agent' };
export const users = crud<AdminUserView, UserInput>('/api/admin/users');

export const listAudit = (page: number, limit = 50) =>
  fetchJson<Page<AuditEntry>>(`/api/admin/audit-log${query({ page, limit })}`);
