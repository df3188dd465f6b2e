import { fetchJson } from './fetch-json.js';
import type { CampaignTarget, ChannelName } from './types.js';

export interface CampaignReach {
  recipients: number;
  unreachable: number;
  noIdentity: Partial<Record<ChannelName, number>>;
}

/** Who the recipients and channels reach, before the campaign is saved (nothing is written). */
export const campaignReach = (targets: CampaignTarget[], channels: ChannelName[]) =>
  fetchJson<CampaignReach>('/api/admin/campaigns/reach', { method: 'POST', body: { targets, channels } });
