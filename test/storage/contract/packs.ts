import { describe, expect, it } from 'vitest';
import type { Pack, PackCredit } from '../../../core/payments/types.js';
import type { Store } from '../../../storage/types.js';
import { at, type ContractContext, makeContact, newId } from './fixtures.js';

export function makePack(overrides: Partial<Pack> = {}): Pack {
  return {
    id: newId(),
    name: '10 classes',
    sessions: 10,
    price: { amount: 180, currency: 'CHF' },
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeCredit(contactId: string, overrides: Partial<PackCredit> = {}): PackCredit {
  return {
    id: newId(),
    packId: newId(),
    contactId,
    name: '10 classes',
    sessions: 3,
    remaining: 3,
    status: 'active',
    checkoutId: null,
    paymentUrl: null,
    conversationId: null,
    createdAt: at(1),
    paidAt: at(1),
    ...overrides,
  };
}

async function seedContact(store: Store): Promise<string> {
  return (await store.contacts.create(makeContact())).id;
}

function describeCredits(context: ContractContext): void {
  it('takes the oldest paid credit with a session left, once per booking', async () => {
    const store = context.store();
    const contactId = await seedContact(store);
    const older = await store.packs.createCredit(makeCredit(contactId, { remaining: 1, createdAt: at(1) }));
    const newer = await store.packs.createCredit(makeCredit(contactId, { remaining: 2, createdAt: at(5) }));
    await store.packs.createCredit(
      makeCredit(contactId, { status: 'pending', paidAt: null, createdAt: at(0) }),
    );
    expect(await store.packs.consume(contactId, 'b1')).toBe(true);
    expect(await store.packs.consume(contactId, 'b1')).toBe(true);
    expect((await store.packs.getCredit(older.id))?.remaining).toBe(0);
    expect((await store.packs.getCredit(newer.id))?.remaining).toBe(2);
    expect(await store.packs.consume(contactId, 'b2')).toBe(true);
    expect(await store.packs.consume(contactId, 'b3')).toBe(true);
    expect(await store.packs.consume(contactId, 'b4')).toBe(false);
    expect((await store.packs.getCredit(newer.id))?.remaining).toBe(0);
  });

  it('gives back the session a booking took, once, to the credit it came from', async () => {
    const store = context.store();
    const contactId = await seedContact(store);
    const credit = await store.packs.createCredit(makeCredit(contactId, { remaining: 1 }));
    expect(await store.packs.restore('b1')).toBe(false);
    expect(await store.packs.consume(contactId, 'b1')).toBe(true);
    expect(await store.packs.restore('b1')).toBe(true);
    expect(await store.packs.restore('b1')).toBe(false);
    expect((await store.packs.getCredit(credit.id))?.remaining).toBe(1);
  });

  it('never takes from another contact, a pending, expired or refunded credit', async () => {
    const store = context.store();
    const [me, other] = [await seedContact(store), await seedContact(store)];
    await store.packs.createCredit(makeCredit(other));
    for (const status of ['pending', 'expired', 'refunded'] as const)
      await store.packs.createCredit(makeCredit(me, { status }));
    expect(await store.packs.consume(me, 'b1')).toBe(false);
  });

  it('takes exactly the sessions left when many bookings take at once', async () => {
    const store = context.store();
    const contactId = await seedContact(store);
    const credit = await store.packs.createCredit(makeCredit(contactId, { remaining: 3 }));
    const taken = await Promise.all(
      Array.from({ length: 12 }, (_, i) => store.packs.consume(contactId, `booking-${i}`)),
    );
    expect(taken.filter(Boolean)).toHaveLength(3);
    expect((await store.packs.getCredit(credit.id))?.remaining).toBe(0);
  });

  it('moves a credit by its checkout only from the states given (compare-and-set)', async () => {
    const store = context.store();
    const contactId = await seedContact(store);
    const credit = await store.packs.createCredit(
      makeCredit(contactId, { status: 'pending', paidAt: null, remaining: 5, checkoutId: null }),
    );
    await store.packs.setCheckout(credit.id, 'cs_1', 'https://pay/cs_1');
    expect(await store.packs.moveCredit('cs_1', ['active'], 'refunded', at(3))).toBeNull();
    const paid = await store.packs.moveCredit('cs_1', ['pending'], 'active', at(2));
    expect(paid).toMatchObject({
      status: 'active',
      paidAt: at(2),
      checkoutId: 'cs_1',
      paymentUrl: 'https://pay/cs_1',
    });
    expect(await store.packs.moveCredit('cs_1', ['pending'], 'active', at(4))).toBeNull();
    const refunded = await store.packs.moveCredit('cs_1', ['active'], 'refunded', at(5));
    expect(refunded).toMatchObject({ status: 'refunded', remaining: 0, paidAt: at(2) });
    expect(await store.packs.creditByCheckout('cs_1')).toEqual(refunded);
    expect(await store.packs.moveCredit('cs_unknown', ['pending'], 'expired', at(5))).toBeNull();
  });

  it('lists a contact’s credits newest first and follows a merge of contacts', async () => {
    const store = context.store();
    const [target, source] = [await seedContact(store), await seedContact(store)];
    const first = await store.packs.createCredit(makeCredit(target, { createdAt: at(1) }));
    const second = await store.packs.createCredit(makeCredit(source, { createdAt: at(2) }));
    await store.contacts.merge(target, [source], at(3));
    expect((await store.packs.creditsOf(target)).map((credit) => credit.id)).toEqual([second.id, first.id]);
    expect(await store.packs.creditsOf(source)).toEqual([]);
  });
}

export function describePacks(context: ContractContext): void {
  describe('packs', () => {
    it('stores packs and lists them oldest first', async () => {
      const store = context.store();
      const first = await store.packs.create(makePack({ name: '5 classes', sessions: 5 }));
      const second = await store.packs.create(makePack({ price: { amount: 99.5, currency: 'EUR' } }));
      expect(await store.packs.get(second.id)).toEqual(second);
      expect(await store.packs.get('unknown')).toBeNull();
      expect(await store.packs.list()).toEqual([first, second]);
    });

    describeCredits(context);
  });

  describe('payment records', () => {
    it('records an event id once, whatever arrives at once, and forgets it on demand', async () => {
      const payments = context.store().payments;
      const results = await Promise.all(
        Array.from({ length: 8 }, () => payments.recordEvent('evt_1', 'checkout.session.completed', at(1))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      await payments.forgetEvent('evt_1');
      expect(await payments.recordEvent('evt_1', 'checkout.session.completed', at(2))).toBe(true);
    });

    it('links a payment to its checkout; the first link wins', async () => {
      const payments = context.store().payments;
      await payments.linkPayment({ paymentId: 'pi_1', checkoutId: 'cs_1', purpose: 'pack' }, at(1));
      await payments.linkPayment({ paymentId: 'pi_1', checkoutId: 'cs_2', purpose: 'booking' }, at(2));
      expect(await payments.paymentLink('pi_1')).toEqual({
        paymentId: 'pi_1',
        checkoutId: 'cs_1',
        purpose: 'pack',
      });
      expect(await payments.paymentLink('pi_2')).toBeNull();
    });
  });
}
