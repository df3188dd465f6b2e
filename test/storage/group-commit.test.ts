import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../core/repositories.js';
import { createEmbeddedStore } from '../../storage/index.js';
import { makeContact } from './contract/fixtures.js';

describe('embedded store group commit', () => {
  let dir: string;
  let store: Store;
  let reader: Database.Database;

  async function setup() {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-group-'));
    store = await createEmbeddedStore({ dataDir: dir });
    // A second connection sees only what is committed.
    reader = new Database(path.join(dir, 'kora.db'), { readonly: true });
  }
  const committed = (id: string) =>
    reader.prepare('SELECT count(*) AS n FROM contacts WHERE id = ?').get(id) as { n: number };

  afterEach(async () => {
    reader?.close();
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tells each caller "done" only once its writes are committed, even inside a batch', async () => {
    await setup();
    const contacts = Array.from({ length: 20 }, (_, i) =>
      makeContact({ id: `c-${String(i).padStart(2, '0')}` }),
    );
    const seenAtResolve: number[] = [];
    await Promise.all(
      contacts.map((contact) =>
        store
          .transaction(async (tx) => {
            await tx.contacts.create(contact);
          })
          .then(() => seenAtResolve.push(committed(contact.id).n)),
      ),
    );
    expect(seenAtResolve).toEqual(contacts.map(() => 1));
  });

  it('rolls back only the failing unit of a batch', async () => {
    await setup();
    const ok1 = makeContact({ id: 'ok-1' });
    const bad = makeContact({ id: 'bad' });
    const ok2 = makeContact({ id: 'ok-2' });
    const results = await Promise.allSettled([
      store.transaction(async (tx) => {
        await tx.contacts.create(ok1);
      }),
      store.transaction(async (tx) => {
        await tx.contacts.create(bad);
        throw new Error('boom');
      }),
      store.transaction(async (tx) => {
        await tx.contacts.create(ok2);
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([committed('ok-1').n, committed('bad').n, committed('ok-2').n]).toEqual([1, 0, 1]);
  });

  it('lets a plain call queued between transactions see committed data only', async () => {
    await setup();
    const first = makeContact({ id: 'first' });
    const second = makeContact({ id: 'second' });
    const order: string[] = [];
    await Promise.all([
      store.transaction(async (tx) => {
        await tx.contacts.create(first);
        order.push('tx1');
      }),
      store.contacts.get('first').then((found) => {
        order.push(`read:${found ? 'found' : 'missing'}:${committed('first').n}`);
      }),
      store.transaction(async (tx) => {
        await tx.contacts.create(second);
        order.push('tx2');
      }),
    ]);
    expect(order[0]).toBe('tx1');
    expect(order).toContain('read:found:1');
    expect(committed('second').n).toBe(1);
  });

  it('runs a multi-statement call queued between units as a unit of its own, one at a time', async () => {
    await setup();
    // Units, multi-statement calls (each a unit of its own) and plain reads, interleaved: a call that
    // ran when the lock was released and opened its unit must keep the next ones waiting.
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      jobs.push(
        store.transaction(async (tx) => {
          await tx.contacts.create(makeContact({ id: `u-${i}` }));
          await new Promise((resolve) => setTimeout(resolve, 1));
        }),
      );
      jobs.push(store.channelState.set('test', { [`k${i % 3}`]: `v${i}`, other: `o${i}` }, 'now'));
      jobs.push(store.contacts.list({}));
    }
    const outcomes = await Promise.allSettled(jobs);
    const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(failures.map((failure) => String(failure.reason))).toEqual([]);
    expect(await store.channelState.get('test', ['k0', 'k1', 'k2', 'other'])).toEqual({
      k0: 'v18',
      k1: 'v19',
      k2: 'v17',
      other: 'o19',
    });
    expect(committed('u-19').n).toBe(1);
  });
});

describe('embedded store checkpoints', () => {
  it('copies the WAL into the database file from a worker, without a commit paying for it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-ckpt-'));
    const store = await createEmbeddedStore({ dataDir: dir });
    try {
      const dbFile = path.join(dir, 'kora.db');
      const before = fs.statSync(dbFile).size;
      for (let i = 0; i < 400; i++) {
        await store.transaction(async (tx) => {
          await tx.contacts.create(makeContact({ name: `Contact ${i} ${'x'.repeat(500)}` }));
        });
      }
      // The writes sit in the WAL; the worker's checkpoint (every 500 ms) moves them into kora.db.
      const deadline = Date.now() + 5_000;
      while (fs.statSync(dbFile).size <= before && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(fs.statSync(dbFile).size).toBeGreaterThan(before + 100_000);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
