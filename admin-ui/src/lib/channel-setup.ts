import { fetchJson } from './fetch-json.js';
import type { ChannelInfo } from './types.js';

export interface ChannelVariable {
  name: string;
  required: boolean;
  secret?: boolean;
}

/** A channel of this build as its descriptor tells it: on or not, and what turns it on. */
export interface KnownChannel {
  name: string;
  label: string;
  configured: boolean;
  enabledBy: string | null;
  hint: string;
  variables: ChannelVariable[];
}

export interface ChannelsOverview {
  items: ChannelInfo[];
  known: KnownChannel[];
  /** PUBLIC_URL: where the providers' webhooks point. */
  publicUrl: string;
}

export const getChannelsOverview = () => fetchJson<ChannelsOverview>('/api/admin/channels');
