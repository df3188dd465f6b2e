/**
 * A PostgreSQL connection the server ends (a restart, a failover, an administrator's
 * pg_terminate_backend) must not end the process: pg emits 'error' on the client, idle or checked out
 * in a unit of work, and an 'error' nobody listens to is an uncaught exception. The unit that lost
 * its connection fails (or is run again), and the store goes on with new connections.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latch } from '../helpers/latch.js';
import { endConnections } from '../helpers/postgres.js';
import { postgresReachable, usePostgresStores } from '../helpers/postgres-stores.js';
import { makeContact } from './contract/fixtures.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();

/** Ends every connection of this store's database but the caller's (what a server restart does). */

describe.runIf(reachable)('postgres: connections the server ends', () => {
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  beforeEach(() => {
    uncaught.length = 0;
    process.on('uncaughtException', onUncaught);
  });
  afterEach(() => {
    process.off('uncaughtException', onUncaught);
  });

  it('survives idle connections ended, and answers on new ones', async () => {
    const { url, store, cleanup } = await freshStore();
    await Promise.all([1, 2, 3].map(() => store.ping())); // idle pooled connections
    expect(await endConnections(url)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await store.ping().catch(() => {}); // the first use may still meet a dead connection
    const contact = await store.contacts.create(makeContact());
    expect(await store.contacts.get(contact.id)).toMatchObject({ id: contact.id });
    expect(uncaught).toEqual([]);
    await cleanup();
  });

  it('survives the connection of a unit of work ended between its queries; the unit fails, nothing half-written', async () => {
    const { url, store, cleanup } = await freshStore();
    const paused = latch();
    const inside = latch();
    const before = makeContact();
    const unit = store.transaction(async (tx) => {
      await tx.contacts.create(before);
      inside.open();
      await paused.opened; // the connection is checked out, idle in the transaction, when the server ends it
      await tx.contacts.create(makeContact());
    });
    await inside.opened;
    expect(await endConnections(url)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    paused.open();
    await expect(unit).rejects.toThrow();
    expect(uncaught).toEqual([]);
    expect(await store.contacts.get(before.id)).toBeNull();
    const after = await store.contacts.create(makeContact());
    expect(await store.contacts.get(after.id)).toMatchObject({ id: after.id });
    await cleanup();
  });
});
