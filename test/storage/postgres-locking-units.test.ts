/**
 * `locking` units on PostgreSQL (the inbound path and the assistant's answers): READ COMMITTED, no
 * predicate locks, and still right under racing writers on two connections because they decide only
 * from rows they lock (`conversations.lock`, `lockLatestByExternalChat`) and from unique keys (a
 * conflict escaping the unit is a race lost: it runs again and finds the winner).
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { raceToCreateIdentity } from '../helpers/identity-race.js';
import { latch } from '../helpers/latch.js';
import type { Store } from '../../storage/types.js';
import { postgresReachable, twoPostgresStores, usePostgresStores } from '../helpers/postgres-stores.js';
import { makeConversation } from './contract/fixtures.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();
const LOCKING = { locking: true } as const;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Units of both stores at once, alternating. */
const race = <T>(stores: Store[], count: number, unit: (store: Store, i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: count }, (_, i) => unit(stores[i % stores.length]!, i)));

describe.runIf(reachable)('postgres: locking units', () => {
  it('holds no predicate lock while a locking unit runs', async () => {
    const { store, url } = await freshStore();
    const conversation = await store.conversations.create(makeConversation());
    const inside = latch();
    const paused = latch();
    const unit = store.transaction(async (tx) => {
      await tx.conversations.lock(conversation.id);
      await tx.contacts.findByIdentity('telegram', '1');
      inside.open();
      await paused.opened;
    }, LOCKING);
    await inside.opened;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ mode: string }>(
      `SELECT mode FROM pg_locks WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    await client.end();
    paused.open();
    await unit;
    const modes = rows.map((row) => row.mode);
    expect(modes).not.toContain('SIReadLock');
    // The conversation's row is locked for update.
    expect(modes).toContain('RowShareLock');
  });

  it('orders read-decide-write units of one conversation: none loses another one’s write', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore);
    const conversation = await a.conversations.create(makeConversation({ title: '' }));
    await race([a, b], 8, (store, i) =>
      store.transaction(async (tx) => {
        const current = await tx.conversations.lock(conversation.id);
        // Others pass their own read meanwhile, if the lock let them.
        await pause(5);
        await tx.conversations.update(conversation.id, { title: `${current!.title}${i}` });
      }, LOCKING),
    );
    const marks = (await a.conversations.get(conversation.id))!.title.split('').sort();
    expect(marks).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    await cleanup();
  });

  it('opens one conversation for a new chat that racing units all find empty at first', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore);
    const ids = await race([a, b], 12, (store) =>
      store.transaction(async (tx) => {
        const found = await tx.conversations.lockLatestByExternalChat('telegram', '555');
        if (found) return found.id;
        await pause(5);
        const opened = makeConversation({ kind: 'assistant', channel: 'telegram', externalChatId: '555' });
        return (await tx.conversations.create(opened)).id;
      }, LOCKING),
    );
    expect(new Set(ids).size).toBe(1);
    expect((await a.conversations.list({ kind: 'assistant' })).total).toBe(1);
    // Another chat is not held by that one's lock, and a group of the same chat id is not found.
    const other = makeConversation({ kind: 'assistant', channel: 'telegram', externalChatId: '556' });
    await b.conversations.create(other);
    await a.conversations.create(makeConversation({ channel: 'telegram', externalChatId: '557' }));
    await a.transaction(async (tx) => {
      expect(await tx.conversations.lockLatestByExternalChat('telegram', '556')).toEqual(other);
      expect(await tx.conversations.lockLatestByExternalChat('telegram', '557')).toBeNull();
    }, LOCKING);
    await cleanup();
  });

  it('runs a unit again when a racing unit created the identity it was creating: one contact, all succeed', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore);
    const ids = await raceToCreateIdentity([a, b], LOCKING, 5);
    expect(new Set(ids).size).toBe(1);
    // The losers' contacts went with their units.
    expect((await a.contacts.list({})).total).toBe(1);
    await cleanup();
  });

  it('reads a conversation and a chat through lock as get does, archived ones not at all', async () => {
    const { store } = await freshStore();
    const conversation = await store.conversations.create(
      makeConversation({ kind: 'assistant', channel: 'sms', externalChatId: '+41790000000' }),
    );
    expect(await store.conversations.lock(conversation.id)).toEqual(conversation);
    await store.conversations.archive(conversation.id, new Date().toISOString());
    await store.transaction(async (tx) => {
      expect(await tx.conversations.lock(conversation.id)).toBeNull();
      expect(await tx.conversations.lockLatestByExternalChat('sms', '+41790000000')).toBeNull();
    }, LOCKING);
  });
});
