import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../core/errors.js';
import { type ContractContext, deferred, makeContact, makeConversation, settle } from './fixtures.js';

export function describeTransactions(context: ContractContext): void {
  describe('transaction', () => {
    const store = () => context.store();

    it('commits every write of the unit and returns its result', async () => {
      const contact = makeContact();
      const conversation = makeConversation({ kind: 'assistant', contactId: contact.id });
      const result = await store().transaction(async (tx) => {
        await tx.contacts.create(contact);
        await tx.conversations.create(conversation);
        return (await tx.contacts.get(contact.id))?.name;
      });
      expect(result).toBe(contact.name);
      expect(await store().contacts.get(contact.id)).toEqual(contact);
      expect(await store().conversations.get(conversation.id)).toEqual(conversation);
    });

    it('leaves nothing written when the work throws, and rethrows', async () => {
      const contact = makeContact();
      const failure = new Error('boom');
      const outcome = store().transaction(async (tx) => {
        await tx.contacts.create(contact);
        await tx.settings.setValue('k', 'v');
        throw failure;
      });
      await expect(outcome).rejects.toBe(failure);
      expect(await store().contacts.get(contact.id)).toBeNull();
      expect(await store().settings.getValue('k')).toBeNull();
    });

    it('rolls back earlier writes when a later write conflicts', async () => {
      const taken = await store().contacts.create(makeContact());
      const contact = makeContact();
      const outcome = store().transaction(async (tx) => {
        await tx.contacts.create(contact);
        await tx.contacts.create({ ...makeContact(), id: taken.id });
      });
      await expect(outcome).rejects.toBeInstanceOf(ConflictError);
      expect(await store().contacts.get(contact.id)).toBeNull();
      expect((await store().contacts.list({})).total).toBe(1);
    });

    it('makes an outside call wait for the transaction, then see what it committed', async () => {
      const contact = makeContact();
      const gate = deferred();
      const unit = store().transaction(async (tx) => {
        await tx.contacts.create(contact);
        await gate.promise;
      });
      await settle();
      let seen: unknown = 'pending';
      const outside = store()
        .contacts.get(contact.id)
        .then((found) => {
          seen = found;
        });
      await settle();
      expect(seen).toBe('pending');
      gate.resolve();
      await unit;
      await outside;
      expect(seen).toEqual(contact);
    });

    it('makes an outside call wait for a rolled back transaction, then see nothing', async () => {
      const contact = makeContact();
      const gate = deferred();
      const unit = store().transaction(async (tx) => {
        await tx.contacts.create(contact);
        await gate.promise;
        throw new Error('abort');
      });
      await settle();
      const outside = store().contacts.get(contact.id);
      gate.resolve();
      await expect(unit).rejects.toThrow('abort');
      expect(await outside).toBeNull();
    });

    it('answers ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });
  });
}
