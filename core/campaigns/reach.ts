/**
 * What a campaign would reach before it is launched: its recipients (targets resolved as a slot's
 * ledger would, each contact once) and, per chosen channel, how many have no address there, plus how
 * many have none on any chosen channel (they would receive nothing: every row skipped `no_identity`).
 * A group conversation target is posted into once and counts as no recipient here.
 */
import type { Store } from '../repositories.js';
import type { CampaignTarget, ChannelName } from '../types.js';
import { contactsOf } from './audience.js';

export interface CampaignReach {
  recipients: number;
  unreachable: number;
  noIdentity: Partial<Record<ChannelName, number>>;
}

/** Identities are read this many contacts at a time. */
const CHUNK = 200;

async function recipientsOf(store: Store, targets: readonly CampaignTarget[]): Promise<string[]> {
  const seen = new Set<string>();
  for (const target of targets) {
    if (target.type === 'conversation') continue;
    for await (const batch of contactsOf(store, target.type, target.id)) for (const id of batch) seen.add(id);
  }
  return [...seen];
}

export async function campaignReach(
  store: Store,
  targets: readonly CampaignTarget[],
  channels: readonly ChannelName[],
): Promise<CampaignReach> {
  const recipients = await recipientsOf(store, targets);
  const noIdentity = Object.fromEntries(channels.map((channel) => [channel, 0])) as Record<
    ChannelName,
    number
  >;
  let unreachable = 0;
  for (let start = 0; start < recipients.length; start += CHUNK) {
    const chunk = recipients.slice(start, start + CHUNK);
    const identities = await Promise.all(chunk.map((id) => store.contacts.listIdentities(id)));
    for (const held of identities) {
      const on = new Set(held.map((identity) => identity.channel));
      const missing = channels.filter((channel) => !on.has(channel));
      for (const channel of missing) noIdentity[channel]++;
      if (missing.length === channels.length) unreachable++;
    }
  }
  return { recipients: recipients.length, unreachable, noIdentity };
}
