/**
 * Campaigns open their recipients' conversations in bulk (core/campaigns/dispatch-group.ts), in
 * locking units at READ COMMITTED on PostgreSQL. Two campaigns sent at once by two processes (two
 * pools) to the same new recipients must still open one conversation per recipient and channel: the
 * group locks its recipients' chats and looks them up again before opening any.
 */
import { describe, expect, it } from 'vitest';
import { createSlotLedger } from '../../core/campaigns/index.js';
import { createUlidGenerator } from '../../core/ids.js';
import type { Campaign, ChannelName } from '../../core/types.js';
import type { Store } from '../../storage/types.js';
import { RecordingChannel } from '../fakes/recording-channel.js';
import { addRecipients, sendingCampaign, sendSlotAs } from '../helpers/campaign-recipients.js';
import { postgresReachable, twoPostgresStores, usePostgresStores } from '../helpers/postgres-stores.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();
const ids = createUlidGenerator();
const CONTACTS = 60;
const CHANNELS: ChannelName[] = ['web', 'telegram'];

/** A sending process: its own outbox and channels on `store`; sends the slot of `sent`. */
async function send(store: Store, sent: Campaign): Promise<RecordingChannel[]> {
  const channels = CHANNELS.map((name) => new RecordingChannel(name));
  // Small groups: the two processes' groups interleave.
  await sendSlotAs(store, sent, channels, { batchSize: 10 });
  return channels;
}

describe.runIf(reachable)('campaigns opening conversations from two processes at once', () => {
  it('opens one conversation per recipient and channel, each getting both campaigns once', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore, 6);
    const now = new Date().toISOString();
    await addRecipients(a, CONTACTS, CHANNELS);
    const first = await a.campaigns.create(sendingCampaign(ids.next(), 'Spring', CHANNELS));
    const second = await a.campaigns.create(sendingCampaign(ids.next(), 'Summer', CHANNELS));
    for (const sent of [first, second]) await createSlotLedger({ store: a, ids }, sent, 0, now);
    const [byA, byB] = await Promise.all([send(a, first), send(b, second)]);
    const messages = [...byA!, ...byB!].flatMap((channel) => channel.sent);
    expect(messages).toHaveLength(2 * CONTACTS * CHANNELS.length);
    const conversations = await a.conversations.list({ kind: 'assistant', limit: 1_000 });
    expect(conversations.total).toBe(CONTACTS * CHANNELS.length);
    // Each conversation got one message of each campaign: nobody was written to twice, or apart.
    for (const conversation of conversations.items) {
      const texts = (await a.messages.list(conversation.id, { limit: 10 })).map((m) => m.text.split(' ')[0]);
      expect(texts.sort()).toEqual(['Spring', 'Summer']);
      expect(await a.conversations.listMembers(conversation.id)).toHaveLength(1);
    }
    await cleanup();
  });
});
