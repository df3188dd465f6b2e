/** Pack sessions taken by bookings on two connections at once: never below 0, one per booking. */
import { describe, expect, it } from 'vitest';
import { postgresReachable, twoPostgresStores, usePostgresStores } from '../helpers/postgres-stores.js';
import { at, makeContact } from './contract/fixtures.js';
import { makeCredit } from './contract/packs.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();

describe.runIf(reachable)('postgres: pack credits under concurrent bookings', () => {
  const twoStores = () => twoPostgresStores(freshStore, 6);

  it('gives 30 racing bookings exactly the 7 sessions of two credits, none below 0', async () => {
    const { a, b, cleanup } = await twoStores();
    const contact = await a.contacts.create(makeContact());
    const first = await a.packs.createCredit(makeCredit(contact.id, { remaining: 3, createdAt: at(1) }));
    const second = await a.packs.createCredit(makeCredit(contact.id, { remaining: 4, createdAt: at(2) }));
    const taken = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).packs.consume(contact.id, `booking-${i}`)),
    );
    expect(taken.filter(Boolean)).toHaveLength(7);
    expect((await b.packs.getCredit(first.id))?.remaining).toBe(0);
    expect((await b.packs.getCredit(second.id))?.remaining).toBe(0);
    await cleanup();
  });

  it('takes one session for one booking taken many times at once', async () => {
    const { a, b, cleanup } = await twoStores();
    const contact = await a.contacts.create(makeContact());
    const credit = await a.packs.createCredit(makeCredit(contact.id, { remaining: 5 }));
    const taken = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).packs.consume(contact.id, 'same-booking')),
    );
    expect(taken.every(Boolean)).toBe(true);
    expect((await a.packs.getCredit(credit.id))?.remaining).toBe(4);
    const restored = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).packs.restore('same-booking')),
    );
    expect(restored.filter(Boolean)).toHaveLength(1);
    expect((await a.packs.getCredit(credit.id))?.remaining).toBe(5);
    await cleanup();
  });
});
