/**
 * `npm run kora -- migrate-to-postgres`: an embedded installation built through the real app (engine
 * ingest, admin login, a launched campaign) copied into a fresh PostgreSQL database by the command
 * itself (a child process), then read back through the PostgreSQL store.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPIED_TABLES, copyEmbeddedToPostgres } from '../../storage/postgres/copy-from-embedded.js';
import { createPostgresStore } from '../../storage/postgres/store.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { withPostgresDatabase } from '../helpers/postgres.js';
import { usePostgresStores } from '../helpers/postgres-stores.js';
import { waitFor } from '../helpers/wait.js';
import { makeCredit, makePack } from './contract/packs.js';

const database = await withPostgresDatabase();
const SECRET_KEY = 'k'.repeat(40);
const postgresStore = usePostgresStores();

async function kora(dataDir: string, url: string): Promise<{ code: number; stderr: string }> {
  const cli = path.resolve('server/cli.ts');
  try {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', cli, 'migrate-to-postgres'],
      { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: url, SECRET_KEY, LOG_LEVEL: 'silent' } },
    );
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

async function counts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result: Record<string, number> = {};
    for (const table of COPIED_TABLES) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
      result[table] = rows[0].n;
    }
    return result;
  } finally {
    await client.end();
  }
}

function embeddedCounts(dataDir: string): Record<string, number> {
  const db = new Database(path.join(dataDir, 'kora.db'), { readonly: true });
  try {
    const result: Record<string, number> = {};
    for (const table of COPIED_TABLES)
      result[table] = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return result;
  } finally {
    db.close();
  }
}

describe.skipIf(!database)('migrate-to-postgres', () => {
  let app: TestApp;
  let contactId: string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.login();
    const { engine, store } = app.kora;
    for (const [index, text] of ['Je voudrais réserver une séance', 'Grüße aus Zürich'].entries()) {
      await engine.ingest({
        type: 'text',
        channel: 'telegram',
        from: { externalId: `tg-${index}`, name: index === 0 ? 'Zoé Müller' : 'Jürgen' },
        chatId: `tg-${index}`,
        chatType: 'private',
        text,
      });
    }
    contactId = (await store.contacts.findByIdentity('telegram', 'tg-0'))!.id;
    const campaign = await app.kora.campaigns.campaigns.create(
      {
        name: 'Printemps',
        message: 'Bonjour {firstName}',
        targets: [{ type: 'contact', id: contactId }],
        channels: ['telegram'],
      },
      null,
    );
    await app.kora.campaigns.campaigns.launch(campaign.id);
    // A pack and a credit of it: JSON (the price) and the payment tables copy too.
    const pack = await store.packs.create(makePack({ price: { amount: 99.5, currency: 'CHF' } }));
    await store.packs.createCredit(makeCredit(contactId, { packId: pack.id, remaining: 4 }));
    await store.payments.recordEvent('evt_copied', 'checkout.session.completed', new Date().toISOString());
    // The slot has run: its deliveries are recorded and none is left pending.
    await waitFor(async () => {
      const counts = await store.deliveries.counts(campaign.id);
      return Object.values(counts).some((count) => count > 0) && counts.pending === 0;
    }, 10_000);
    await app.stop();
  }, 60_000);

  afterAll(async () => {
    await app?.stop().catch(() => {});
  });

  it('copies every table, verifies the counts, and the PostgreSQL store reads the same data', async () => {
    const run = await kora(app.dataDir, database!.url);
    expect(run.stderr).toContain('tables and');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/messages\s+\[#+\] \d+\/\d+/);
    const copied = await counts(database!.url);
    expect(copied).toEqual(embeddedCounts(app.dataDir));
    for (const table of ['admin_sessions', 'campaign_deliveries', 'campaigns', 'settings_values', 'messages'])
      expect(copied[table], table).toBeGreaterThan(0);
    expect(copied.channel_identities).toBe(2);
    const store = await createPostgresStore({ url: database!.url });
    try {
      const found = await store.conversations.list({ query: 'seance', limit: 10 });
      expect(found.items.map((conversation) => conversation.contactId)).toEqual([contactId]);
      const contact = await store.contacts.get(contactId);
      expect(contact?.name).toBe('Zoé Müller');
      expect(await store.contacts.listIdentities(contactId)).toMatchObject([
        { channel: 'telegram', externalId: 'tg-0' },
      ]);
      expect((await store.conversations.list({ limit: 10 })).items).toHaveLength(2);
      expect((await store.packs.list()).map((pack) => pack.price)).toEqual([
        { amount: 99.5, currency: 'CHF' },
      ]);
      expect(await store.packs.creditsOf(contactId)).toMatchObject([{ remaining: 4, status: 'active' }]);
      expect(await store.payments.recordEvent('evt_copied', 'checkout.session.completed', '')).toBe(false);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a rerun changes nothing', async () => {
    const before = await counts(database!.url);
    const run = await kora(app.dataDir, database!.url);
    expect(run.code).toBe(0);
    expect(await counts(database!.url)).toEqual(before);
  }, 60_000);

  it('Kora starts on the copy with the key of DATA_DIR and finds the same data', async () => {
    const secretKey = fs.readFileSync(path.join(app.dataDir, 'secret.key'), 'utf8').trim();
    const moved = await startTestApp({ env: { DATABASE_URL: database!.url, SECRET_KEY: secretKey } });
    try {
      expect(moved.kora.storeKind).toBe('postgres');
      const cookie = await moved.login();
      const response = await fetch(`${moved.url}/api/admin/conversations?query=zurich`, {
        headers: { cookie },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: { title: string }[] };
      expect(body.items.map((conversation) => conversation.title)).toEqual(['Jürgen']);
    } finally {
      await moved.stop();
    }
  }, 60_000);

  it('refuses a target that holds another installation', async () => {
    const other = await startTestApp();
    await other.stop();
    const run = await kora(other.dataDir, database!.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('another installation');
  }, 60_000);

  it('refuses a database another Kora already wrote to, and changes nothing in it', async () => {
    const { url, store, cleanup } = await postgresStore();
    try {
      await store.settings.setValue('greeting', 'hello');
      const run = await kora(app.dataDir, url);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('the target database is not empty (rows in settings_values)');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const marker = await client.query("SELECT to_regclass('kora_embedded_copy') AS found");
      const contacts = await client.query('SELECT count(*)::int AS n FROM contacts');
      await client.end();
      expect(marker.rows[0].found).toBeNull();
      expect(contacts.rows[0].n).toBe(0);
    } finally {
      await cleanup();
    }
  }, 60_000);

  it('exits non-zero naming the table whose counts differ', async () => {
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    await client.query("INSERT INTO settings_values (key, value) VALUES ('only-in-target', 'x')");
    await client.end();
    const run = await kora(app.dataDir, database!.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/count differs: settings_values has \d+ rows embedded, \d+ in PostgreSQL/);
  }, 60_000);

  it('refuses an embedded database older than this version, before writing anything', async () => {
    const older = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-older-'));
    fs.copyFileSync(path.join(app.dataDir, 'kora.db'), path.join(older, 'kora.db'));
    const db = new Database(path.join(older, 'kora.db'));
    db.prepare(
      'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)',
    ).run();
    db.close();
    const { url, store, cleanup } = await postgresStore();
    await store.close();
    try {
      const run = await kora(older, url);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('the embedded database is older than this version of Kora');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const marker = await client.query("SELECT to_regclass('kora_embedded_copy') AS found");
      await client.end();
      expect(marker.rows[0].found).toBeNull();
    } finally {
      await cleanup().catch(() => {});
      fs.rmSync(older, { recursive: true, force: true });
    }
  }, 60_000);

  it('two installations copied into one empty database at once: one is copied, the other refused', async () => {
    const other = await startTestApp();
    await other.stop();
    const { url, store, cleanup } = await postgresStore();
    await store.close();
    try {
      // In one process, so neither start is delayed by its own process starting.
      const copy = (dataDir: string) =>
        copyEmbeddedToPostgres({ sqlitePath: path.join(dataDir, 'kora.db'), url });
      const runs = await Promise.allSettled([copy(app.dataDir), copy(other.dataDir)]);
      expect(runs.map((run) => run.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = runs.find((run) => run.status === 'rejected') as PromiseRejectedResult;
      expect(String(refused.reason)).toContain('another installation');
    } finally {
      await cleanup().catch(() => {});
    }
  }, 60_000);
});
