import { query } from './crud.js';
import { fetchJson } from './fetch-json.js';
import type { Campaign, CampaignInput, Delivery, Page } from './types.js';

const BASE = '/api/admin/campaigns';
const at = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const listCampaigns = (status: string, page = 1, limit = 50) =>
  fetchJson<Page<Campaign>>(`${BASE}${query({ status, page, limit })}`);
export const getCampaign = (id: string) => fetchJson<Campaign>(at(id));
export const createCampaign = (input: CampaignInput) =>
  fetchJson<Campaign>(BASE, { method: 'POST', body: input });
export const updateCampaign = (id: string, input: Partial<CampaignInput>) =>
  fetchJson<Campaign>(at(id), { method: 'PATCH', body: input });
export const deleteCampaign = (id: string) => fetchJson<void>(at(id), { method: 'DELETE' });
export const launchCampaign = (id: string) => fetchJson<Campaign>(`${at(id)}/launch`, { method: 'POST' });
export const cancelCampaign = (id: string) => fetchJson<Campaign>(`${at(id)}/cancel`, { method: 'POST' });
export const duplicateCampaign = (id: string) =>
  fetchJson<Campaign>(`${at(id)}/duplicate`, { method: 'POST' });
export const listDeliveries = (id: string, status: string, page = 1) =>
  fetchJson<Page<Delivery>>(`${at(id)}/deliveries${query({ status, page, limit: 50 })}`);

/**
 * When the campaign sends: its scheduled time (the earliest of several, with how many follow), else
 * the launch for one sent when launched; null for a draft without a schedule.
 */
export function sendTime(campaign: Campaign): { at: string; more: number } | null {
  const schedule = campaign.schedule;
  if (schedule && 'at' in schedule) return { at: schedule.at, more: 0 };
  if (schedule && 'slots' in schedule && schedule.slots.length > 0) {
    const [first] = [...schedule.slots].sort();
    return { at: first!, more: schedule.slots.length - 1 };
  }
  return campaign.launchedAt ? { at: campaign.launchedAt, more: 0 } : null;
}
