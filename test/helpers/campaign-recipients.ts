/**
 * Campaign tests that send a slot themselves (core/campaigns `sendSlot`): recipients tagged
 * `everyone` with an identity on each channel, and a campaign being sent now to them.
 */
import { dispatchDeps } from '../../bench/campaign.js';
import { type ChannelPacer, sendSlot } from '../../core/campaigns/index.js';
import type { ChannelAdapter } from '../../core/channels.js';
import type { Campaign, ChannelName } from '../../core/types.js';
import type { Store } from '../../storage/types.js';
import { makeCampaign } from '../storage/contract/campaigns.js';

/** `count` contacts (`c000`…) tagged everyone, each with an identity on every channel of `channels`. */
export async function addRecipients(store: Store, count: number, channels: readonly ChannelName[]) {
  const now = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const contact = await store.contacts.create({
      id: `c${String(i).padStart(3, '0')}`,
      name: `Person ${i}`,
      email: null,
      emailVerified: false,
      phone: null,
      phoneVerified: false,
      tags: ['everyone'],
      createdAt: now,
      updatedAt: now,
    });
    for (const channel of channels)
      await store.contacts.addIdentity({
        channel,
        externalId: `${channel}-${i}`,
        contactId: contact.id,
        createdAt: now,
      });
  }
}

/** A campaign being sent now (its one slot started), to everyone tagged, on `channels`. */
export function sendingCampaign(id: string, name: string, channels: ChannelName[]): Campaign {
  const now = new Date().toISOString();
  return makeCampaign({
    id,
    name,
    message: `${name} for {firstName}`,
    targets: [{ type: 'tag', id: 'everyone' }],
    channels,
    status: 'sending',
    slots: [{ at: now, state: 'sending', resolvedAt: now, finishedAt: null }],
    launchedAt: now,
  });
}

/**
 * One sending process: its own outbox and registry of `channels` on `store`, sending slot 0 of `sent`
 * to the end with `pacer` (scheduler/runtime.ts makes the server's), then its outbox drained.
 */
export async function sendSlotAs(
  store: Store,
  sent: Campaign,
  channels: readonly ChannelAdapter[],
  options: { pacer?: ChannelPacer; batchSize?: number } = {},
): Promise<void> {
  const { deps, outbox } = dispatchDeps(store, channels, options);
  await sendSlot(deps, sent, 0, new Map(), { touch: async () => {}, stopping: () => false });
  await outbox.drain();
}
