/**
 * bench/campaign: the delivery ledger and dispatch on the embedded store.
 * - ledger creation for 100,000 recipients (targets resolved, opt-outs and identities looked up,
 *   rows written in batches), beside a bare batched insert of 100,000 rows of the same shape on a
 *   database opened with the store's settings (the baseline, same run);
 * - unthrottled dispatch to a no-op channel: ledger row claimed, conversation opened, message and
 *   outbox entry written, row marked sent, channel called, "sent" written back;
 * - throttled dispatch: the achieved rate against the campaign's `rate`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChannelPacer, createSlotLedger, sendSlot } from '../core/campaigns/index.js';
import type { ChannelAdapter, OutboundMessage, SendResult } from '../core/channels.js';
import { ChannelRegistry } from '../core/channels.js';
import { EventBus } from '../core/events.js';
import { createUlidGenerator, systemClock } from '../core/ids.js';
import { silentLogger } from '../core/logger.js';
import { createOutbox } from '../core/outbox.js';
import type { Store } from '../core/repositories.js';
import type { Campaign } from '../core/types.js';
import { openDatabase } from '../storage/embedded/database.js';
import { migrate } from '../storage/embedded/migrations.js';
import { createEmbeddedStore } from '../storage/index.js';
import { nowMs, report, round } from './lib.js';

const LEDGER_ROWS = 100_000;
const DISPATCH_ROWS = 20_000;
const THROTTLE_RATE = 500;
const THROTTLE_ROWS = 2_000;

export class NoopChannel implements ChannelAdapter {
  readonly name = 'web' as const;
  readonly capabilities = { typing: false, streaming: false, media: false, groups: true };
  readonly times: number[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  status() {
    return { state: 'ready' as const };
  }
  async send(_outbound: OutboundMessage): Promise<SendResult> {
    this.times.push(performance.now());
    return {};
  }
}

export const ids = createUlidGenerator();

export async function seedContacts(store: Store, count: number, tag: string): Promise<void> {
  const now = new Date().toISOString();
  for (let start = 0; start < count; start += 5_000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(count, start + 5_000); i++) {
        const id = ids.next();
        await tx.contacts.create({
          id,
          name: `Person ${i}`,
          email: null,
          phone: null,
          emailVerified: false,
          phoneVerified: false,
          tags: [tag],
          createdAt: now,
          updatedAt: now,
        });
        await tx.contacts.addIdentity({ channel: 'web', externalId: id, contactId: id, createdAt: now });
      }
    });
  }
}

export function campaignOf(tag: string, rate: number | null): Campaign {
  const now = new Date().toISOString();
  return {
    id: ids.next(),
    name: `bench ${tag}`,
    message: 'Hello {firstName}',
    subject: null,
    mediaUrl: null,
    targets: [{ type: 'tag', id: tag }],
    channels: ['web'],
    schedule: null,
    rate,
    whatsappTemplate: null,
    quietHours: null,
    status: 'sending',
    slots: [{ at: now, state: 'sending', resolvedAt: now, finishedAt: null }],
    error: null,
    createdBy: { id: 'bench', name: 'Coach' },
    launchedAt: now,
    completedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Milliseconds for 100,000 rows of the ledger's shape, 5,000 per transaction, nothing else. */
function bareInsert(dir: string): number {
  const db = openDatabase({ dataDir: dir, filename: 'bare.db' });
  migrate(db, () => new Date());
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO campaigns (id, name, message, targets, channels, status, slots, created_at, updated_at)
     VALUES ('bare', 'bare', 'x', '[]', '[]', 'sending', '[]', ?, ?)`,
  ).run(now, now);
  const insert = db.prepare(
    `INSERT INTO campaign_deliveries (id, campaign_id, slot, recipient_type, recipient_id, channel, status,
       error, message_id, conversation_id, claim_token, claimed_until, created_at, updated_at)
     VALUES (?, 'bare', 0, 'contact', ?, 'web', 'pending', NULL, NULL, NULL, NULL, NULL, ?, ?)`,
  );
  const batch = db.transaction((from: number) => {
    for (let i = from; i < from + 5_000; i++) insert.run(ids.next(), `contact-${i}`, now, now);
  });
  const start = nowMs();
  for (let from = 0; from < LEDGER_ROWS; from += 5_000) batch(from);
  const ms = nowMs() - start;
  db.close();
  return ms;
}

/**
 * What `sendSlot` needs, sending to `channels` through an outbox and registry of its own (one worker,
 * one sending process; the campaign tests' `sendSlotAs` makes its processes with it too).
 */
export function dispatchDeps(
  store: Store,
  channels: readonly ChannelAdapter[],
  options: { pacer?: ChannelPacer; batchSize?: number } = {},
) {
  const events = new EventBus();
  const registry = new ChannelRegistry();
  for (const channel of channels) registry.register(channel);
  const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
  return {
    deps: {
      store,
      ids,
      clock: systemClock,
      events,
      outbox,
      logger: silentLogger,
      pacer: options.pacer ?? new ChannelPacer(),
      channelEnabled: () => true,
      timeZone: 'UTC',
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    },
    outbox,
  };
}

export async function runCampaign(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-campaign-'));
  const store = await createEmbeddedStore({ dataDir: dir });
  try {
    const bareMs = bareInsert(dir);
    await seedContacts(store, LEDGER_ROWS, 'everyone');
    const big = await store.campaigns.create(campaignOf('everyone', null));
    const start = nowMs();
    const written = await createSlotLedger({ store, ids }, big, 0, new Date().toISOString());
    const ledgerMs = nowMs() - start;
    report({
      figure: 'campaign.ledger_100k',
      rows: written,
      ms: round(ledgerMs),
      bare_batched_insert_ms: round(bareMs),
      ratio: round(ledgerMs / bareMs, 2),
      target: '<= 1000 ms',
      meetsTarget: ledgerMs <= 1_000,
    });

    const channel = new NoopChannel();
    const { deps, outbox } = dispatchDeps(store, [channel]);
    const control = { touch: async () => {}, stopping: () => false };

    await seedContacts(store, DISPATCH_ROWS, 'dispatch');
    const fast = await store.campaigns.create(campaignOf('dispatch', null));
    await createSlotLedger(deps, fast, 0, new Date().toISOString());
    const sendStart = nowMs();
    await sendSlot(deps, fast, 0, new Map(), control);
    await outbox.drain();
    const sendMs = nowMs() - sendStart;
    report({
      figure: 'campaign.dispatch_unthrottled',
      deliveries: channel.times.length,
      per_s: round((channel.times.length / sendMs) * 1_000, 0),
      target_per_s: 10_000,
      meetsTarget: (channel.times.length / sendMs) * 1_000 >= 10_000,
    });

    channel.times.length = 0;
    await seedContacts(store, THROTTLE_ROWS, 'throttled');
    const slow = await store.campaigns.create(campaignOf('throttled', THROTTLE_RATE));
    await createSlotLedger(deps, slow, 0, new Date().toISOString());
    await sendSlot(deps, slow, 0, new Map(), control);
    await outbox.drain();
    const times = channel.times;
    const achieved = ((times.length - 1) / (times.at(-1)! - times[0]!)) * 1_000;
    report({
      figure: 'campaign.dispatch_throttled',
      deliveries: times.length,
      configured_per_s: THROTTLE_RATE,
      achieved_per_s: round(achieved, 1),
      deviation_pct: round(((achieved - THROTTLE_RATE) / THROTTLE_RATE) * 100, 2),
    });
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
