/** Channels, scheduler, users, audit log and stats. */
import { crud } from './crud.js';
import { fetchJson } from './fetch-json.js';
import type { AdminUserView, ChannelInfo, ChannelName, Stats } from './types.js';

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

/**
 * The running channels that cannot post into groups, with the reason (WhatsApp through Twilio): the
 * panel offers no group post there and says why.
 */
export async function groupsUnavailable(): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  for (const channel of await listChannels()) {
    if (channel.capabilities?.groups === false && channel.unsupported?.groups)
      reasons.set(channel.name, channel.unsupported.groups);
  }
  return reasons;
}

/** Every channel of this build, configured or not, with the variable that turns it on. */
export interface KnownChannel {
  name: ChannelName;
  label: string;
  configured: boolean;
  enabledBy: string | null;
  hint: string;
}

export async function listKnownChannels(): Promise<KnownChannel[]> {
  const body = await fetchJson<{ known?: KnownChannel[] }>('/api/admin/channels');
  return body.known ?? [];
}

/** The WhatsApp link state; `qr` only while a Baileys link waits to be scanned (it rotates about every 20 s). */
export interface WhatsAppQr {
  provider: string;
  state: string;
  detail?: string;
  number: string | null;
  qr: { dataUrl: string; value: string; issuedAt: string } | null;
}

export interface SchedulerJob {
  id: string;
  name: string;
  state: string;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastFinishedAt: string | null;
  failCount: number;
  failReason: string | null;
  repeatInterval: string | number | null;
}

export interface SchedulerView {
  health: { ok: boolean; backend?: string; running?: boolean; queued?: number; [key: string]: unknown };
  overview: { name: string; total: number; running: number; scheduled: number; failed: number }[];
  jobs: SchedulerJob[];
  total: number;
}

export const getWhatsAppQr = () => fetchJson<WhatsAppQr>('/api/admin/channels/whatsapp/qr');
export const getScheduler = () => fetchJson<SchedulerView>('/api/admin/scheduler?limit=20');

export type UserInput = { email: string; name: string; password: string; role: 'owner' | 'agent' };
export const users = crud<AdminUserView, UserInput>('/api/admin/users');
/** Turns another user's two-factor sign-in off (and signs them out everywhere). */
export const resetUserTotp = (id: string) =>
  fetchJson<AdminUserView>(`/api/admin/users/${encodeURIComponent(id)}/totp`, { method: 'DELETE' });
