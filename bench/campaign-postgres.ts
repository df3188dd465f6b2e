/**
 * bench/postgres's campaign figures: the delivery ledger of 100,000 recipients on PostgreSQL, beside
 * a bare insert of 100,000 ledger rows on the same database (baseline, same run), and dispatch to a
 * no-op channel by two workers, each with a store (a pool) of its own, claiming from one slot. The
 * embedded campaign bench runs beside (bench/campaign).
 */
import pg from 'pg';
import { createSlotLedger, sendSlot } from '../core/campaigns/index.js';
import { createPostgresStore } from '../storage/index.js';
import { campaignOf, dispatchDeps, ids, NoopChannel, runCampaign } from './campaign.js';
import { nowMs, report, round } from './lib.js';
import { withDatabase } from './postgres-database.js';

const LEDGER_ROWS = 100_000;
const DISPATCH_ROWS = 20_000;

/** `count` contacts tagged `tag`, each with a web identity, written in bulk (seeding is not measured). */
async function seedContacts(url: string, count: number, tag: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const now = new Date().toISOString();
  await client.query(
    `INSERT INTO contacts (id, name, email, phone, tags, search_text, created_at, updated_at)
     SELECT $1 || i, 'Person ' || i, NULL, NULL, jsonb_build_array($1::text), 'person ' || i, $3, $3
     FROM generate_series(1, $2::int) i`,
    [tag, count, now],
  );
  await client.query(
    `INSERT INTO channel_identities (channel, external_id, contact_id, created_at)
     SELECT 'web', $1 || i, $1 || i, $3 FROM generate_series(1, $2::int) i`,
    [tag, count, now],
  );
  await client.end();
}

/** Milliseconds for 100,000 ledger rows, 5,000 per statement, nothing else. */
async function bareLedgerInsert(url: string, campaignId: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const now = new Date().toISOString();
  const start = nowMs();
  for (let from = 0; from < LEDGER_ROWS; from += 5_000) {
    await client.query(
      `INSERT INTO campaign_deliveries (id, campaign_id, slot, recipient_type, recipient_id, channel, status,
         created_at, updated_at)
       SELECT 'bare' || i, $1, 0, 'contact', 'contact-' || i, 'web', 'pending', $3, $3
       FROM generate_series($2::int, $2::int + 4999) i`,
      [campaignId, from, now],
    );
  }
  const ms = nowMs() - start;
  await client.end();
  return ms;
}

async function ledger(url: string): Promise<void> {
  const store = await createPostgresStore({ url });
  try {
    await seedContacts(url, LEDGER_ROWS, 'everyone');
    const bareCampaign = await store.campaigns.create(campaignOf('bare', null));
    const bareMs = await bareLedgerInsert(url, bareCampaign.id);
    const big = await store.campaigns.create(campaignOf('everyone', null));
    const start = nowMs();
    const written = await createSlotLedger({ store, ids }, big, 0, new Date().toISOString());
    const ms = nowMs() - start;
    report({
      figure: 'postgres.campaign.ledger_100k',
      rows: written,
      ms: round(ms),
      bareBatchedInsertMs: round(bareMs),
      ratio: round(ms / bareMs, 2),
      target: '<= 3000 ms',
      meetsTarget: ms <= 3_000,
    });
  } finally {
    await store.close();
  }
}

async function dispatch(url: string): Promise<void> {
  const stores = [await createPostgresStore({ url }), await createPostgresStore({ url })];
  try {
    await seedContacts(url, DISPATCH_ROWS, 'dispatch');
    const campaign = await stores[0]!.campaigns.create(campaignOf('dispatch', null));
    await createSlotLedger({ store: stores[0]!, ids }, campaign, 0, new Date().toISOString());
    const channels = stores.map(() => new NoopChannel());
    const workers = stores.map((store, i) => dispatchDeps(store, [channels[i]!]));
    const control = { touch: async () => {}, stopping: () => false };
    let resumed = 0;
    const start = nowMs();
    await Promise.all(
      workers.map(async ({ deps, outbox }) => {
        // A worker whose unit outlived the store's retries (serialization failure) takes the slot up
        // again, as the scheduler would: the ledger's claims make that safe.
        for (let attempt = 1; ; attempt++) {
          try {
            await sendSlot(deps, campaign, 0, new Map(), control);
            break;
          } catch (error) {
            if (attempt >= 20 || (error as { code?: string }).code !== '40001') throw error;
            resumed++;
          }
        }
        await outbox.drain();
      }),
    );
    const ms = nowMs() - start;
    const sent = channels.reduce((sum, channel) => sum + channel.times.length, 0);
    const perSecond = (sent / ms) * 1_000;
    report({
      figure: 'postgres.campaign.dispatch_2_workers',
      deliveries: sent,
      byWorker: channels.map((channel) => channel.times.length),
      resumedAfterSerializationFailure: resumed,
      perSecond: round(perSecond, 0),
      target: '>= 3000/s, each recipient once',
      meetsTarget: perSecond >= 3_000 && sent === DISPATCH_ROWS,
    });
  } finally {
    for (const store of stores) await store.close();
  }
}

export async function runPostgresCampaign(): Promise<void> {
  await withDatabase(ledger);
  await withDatabase(dispatch);
  // The embedded figures beside, in the same run.
  await runCampaign();
}
