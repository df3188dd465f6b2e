/**
 * Units of work on PostgreSQL: serializable by default (a unit that reads, decides and writes is
 * protected by predicate locks), and without those locks for a unit that only writes facts
 * (`writesOnly`: the outbox recording sends), so it never fails and reruns under concurrent units.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { latch } from '../helpers/latch.js';
import { postgresReachable, usePostgresStores } from '../helpers/postgres-stores.js';
import { makeContact } from './contract/fixtures.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();

/** SIRead (predicate) locks held on the server while a unit is paused after a read. */
async function predicateLocksDuringUnit(url: string, writesOnly: boolean): Promise<number> {
  const { store } = await freshStore();
  const contact = await store.contacts.create(makeContact());
  const paused = latch();
  const inside = latch();
  const unit = store.transaction(
    async (tx) => {
      await tx.contacts.get(contact.id);
      inside.open();
      await paused.opened;
      await tx.contacts.update(contact.id, { name: 'Renamed' });
    },
    { writesOnly },
  );
  await inside.opened;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ count: string }>(
    `SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock'
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  await client.end();
  paused.open();
  await unit;
  expect((await store.contacts.get(contact.id))?.name).toBe('Renamed');
  return Number(rows[0]!.count);
}

describe.runIf(reachable)('postgres: units of work', () => {
  it('holds predicate locks for what a unit read (serializable), none for a writes-only unit', async () => {
    const { url } = await freshStore();
    expect(await predicateLocksDuringUnit(url, false)).toBeGreaterThan(0);
    expect(await predicateLocksDuringUnit(url, true)).toBe(0);
  });
});
