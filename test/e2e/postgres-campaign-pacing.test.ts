/**
 * A channel's published limit holds for campaigns in aggregate when several processes send on one
 * PostgreSQL database: two processes (two pools, each its own pacer) sending two campaigns at once on
 * one channel stay within that channel's one limit together, not one limit each. The pacers take their
 * tokens from the store's rate buckets (core/rate-limits.ts `storeRateLimits`), as the adapters do.
 */
import { describe, expect, it } from 'vitest';
import { ChannelPacer, createSlotLedger } from '../../core/campaigns/index.js';
import { createUlidGenerator } from '../../core/ids.js';
import { storeRateLimits } from '../../core/rate-limits.js';
import type { OutboundMessage, SendResult } from '../../core/channels.js';
import type { Campaign } from '../../core/types.js';
import type { Store } from '../../storage/types.js';
import { RecordingChannel } from '../fakes/recording-channel.js';
import { addRecipients, sendingCampaign, sendSlotAs } from '../helpers/campaign-recipients.js';
import { postgresReachable, twoPostgresStores, usePostgresStores } from '../helpers/postgres-stores.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();
const ids = createUlidGenerator();
const CONTACTS = 30;
/** The channel's limit: 10 a second, evenly (a burst of one). */
const RATE = { rate: 10, perMs: 1_000, burst: 1 };

/** A channel that notes when each send reaches it. */
class TimedChannel extends RecordingChannel {
  readonly times: number[] = [];
  override async send(outbound: OutboundMessage): Promise<SendResult> {
    this.times.push(Date.now());
    return super.send(outbound);
  }
}

/** A sending process on `store`: its own outbox, channel and pacer (as scheduler/runtime.ts makes it). */
async function send(store: Store, sent: Campaign): Promise<TimedChannel> {
  const channel = new TimedChannel('telegram');
  const pacer = new ChannelPacer(
    () => RATE,
    () => null,
    storeRateLimits(store.rateBuckets),
  );
  await sendSlotAs(store, sent, [channel], { pacer });
  return channel;
}

/**
 * More sends in some second than one limit allows there (its burst and its rate), said; null when
 * none. A second, as the provider counts: sends made late (a loaded machine delays a process past its
 * slot, its group's write comes between) bunch within a second, so two more are allowed; two processes
 * each at the full rate put about twice the rate in every second.
 */
function overLimit(times: number[]): string | null {
  const sorted = [...times].sort((x, y) => x - y);
  const allowed = RATE.burst + RATE.rate + 2;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]! - sorted[i]! < RATE.perMs) j++;
    if (j - i + 1 > allowed) return `${j - i + 1} sends within ${sorted[j]! - sorted[i]!} ms`;
  }
  return null;
}

describe.runIf(reachable)('campaign pacing across processes', () => {
  it('keeps two processes sending two campaigns on one channel within its one limit', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore, 4);
    const now = new Date().toISOString();
    await addRecipients(a, CONTACTS, ['telegram']);
    const first = await a.campaigns.create(sendingCampaign(ids.next(), 'Spring', ['telegram']));
    const second = await a.campaigns.create(sendingCampaign(ids.next(), 'Summer', ['telegram']));
    for (const sent of [first, second]) await createSlotLedger({ store: a, ids }, sent, 0, now);
    const started = Date.now();
    const [byA, byB] = await Promise.all([send(a, first), send(b, second)]);
    const times = [...byA.times, ...byB.times];
    expect(byA.sent).toHaveLength(CONTACTS);
    expect(byB.sent).toHaveLength(CONTACTS);
    expect(overLimit(times)).toBeNull();
    // Both campaigns went together, not one after the other: each process sent through the whole span.
    expect(Math.min(...byB.times)).toBeLessThan(Math.max(...byA.times));
    expect(Date.now() - started).toBeGreaterThanOrEqual(((2 * CONTACTS - 2) * RATE.perMs) / RATE.rate);
    await cleanup();
  });
});
