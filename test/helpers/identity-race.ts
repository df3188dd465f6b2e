/** Units racing to create one channel identity (as core's resolveContact), for the PostgreSQL tests. */
import type { Store, UnitOptions } from '../../storage/types.js';
import { makeContact } from '../storage/contract/fixtures.js';

/**
 * As core's resolveContact: 6 units on the stores in turn find the identity, else create the contact
 * (pausing `pauseMs` before the identity, so they overlap) and its identity. The contact ids they end with.
 */
export function raceToCreateIdentity(stores: Store[], options?: UnitOptions, pauseMs = 0): Promise<string[]> {
  const createdAt = new Date().toISOString();
  return Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      stores[i % stores.length]!.transaction(async (tx) => {
        const found = await tx.contacts.findByIdentity('telegram', '77');
        if (found) return found.id;
        const contact = await tx.contacts.create(makeContact());
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
        await tx.contacts.addIdentity({
          channel: 'telegram',
          externalId: '77',
          contactId: contact.id,
          createdAt,
        });
        return contact.id;
      }, options),
    ),
  );
}
