import { describe, expect, it } from 'vitest';
import type { Consent } from '../../../core/types.js';
import type { Store } from '../../../storage/types.js';
import { at, type ContractContext, makeContact } from './fixtures.js';

async function seedContact(store: Store): Promise<string> {
  return (await store.contacts.create(makeContact())).id;
}

export function describeConsents(context: ContractContext): void {
  describe('consents', () => {
    const consents = () => context.store().consents;

    it('stores a consent and reads it back, as a copy', async () => {
      const contactId = await seedContact(context.store());
      const consent: Consent = { contactId, channel: 'sms', optedOut: true, updatedAt: at(1) };
      await consents().set(consent);
      const read = await consents().get(contactId, 'sms');
      expect(read).toEqual(consent);
      read!.optedOut = false;
      expect(await consents().get(contactId, 'sms')).toEqual(consent);
    });

    it('returns null for a contact or channel without a consent', async () => {
      const contactId = await seedContact(context.store());
      await consents().set({ contactId, channel: 'sms', optedOut: true, updatedAt: at(1) });
      expect(await consents().get(contactId, 'whatsapp')).toBeNull();
      expect(await consents().get('unknown', 'sms')).toBeNull();
    });

    it('replaces the consent of the same contact and channel (STOP, then START)', async () => {
      const contactId = await seedContact(context.store());
      await consents().set({ contactId, channel: 'web', optedOut: true, updatedAt: at(1) });
      await consents().set({ contactId, channel: 'web', optedOut: false, updatedAt: at(2) });
      expect(await consents().get(contactId, 'web')).toEqual({
        contactId,
        channel: 'web',
        optedOut: false,
        updatedAt: at(2),
      });
      expect(await consents().listOptedOut('web')).toEqual([]);
    });

    it('lists the contacts opted out on one channel only, in id order', async () => {
      const store = context.store();
      const [first, second, third] = [
        await seedContact(store),
        await seedContact(store),
        await seedContact(store),
      ];
      await consents().set({ contactId: second!, channel: 'sms', optedOut: true, updatedAt: at(1) });
      await consents().set({ contactId: first!, channel: 'sms', optedOut: true, updatedAt: at(2) });
      await consents().set({ contactId: third!, channel: 'sms', optedOut: false, updatedAt: at(3) });
      await consents().set({ contactId: third!, channel: 'whatsapp', optedOut: true, updatedAt: at(4) });
      expect(await consents().listOptedOut('sms')).toEqual([first, second]);
      expect(await consents().listOptedOut('whatsapp')).toEqual([third]);
      expect(await consents().listOptedOut('email')).toEqual([]);
    });

    it('keeps nothing of a transaction that failed', async () => {
      const store = context.store();
      const contactId = await seedContact(store);
      await expect(
        store.transaction(async (tx) => {
          await tx.consents.set({ contactId, channel: 'sms', optedOut: true, updatedAt: at(1) });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await consents().get(contactId, 'sms')).toBeNull();
    });
  });
}
