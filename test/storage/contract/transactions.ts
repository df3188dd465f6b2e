import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../core/errors.js';
import { type ContractContext, deferred, makeLink, makeOffer, settle } from './fixtures.js';

/**
 * Units of work, on repositories every backend shares. Whether an outside call waits for an open
 * unit (one SQLite connection) or reads the last committed state (PostgreSQL) is the backend's
 * business (test/storage/embedded.test.ts checks the waiting); the contract is that nobody sees a
 * half-done unit.
 */
export function describeTransactions(context: ContractContext): void {
  describe('transaction', () => {
    const store = () => context.store();

    it('commits every write of the unit and returns its result', async () => {
      const link = makeLink();
      const offer = makeOffer();
      const result = await store().transaction(async (tx) => {
        await tx.links.create(link);
        await tx.offers.create(offer);
        await tx.settings.setValue('k', 'v');
        return (await tx.links.get(link.id))?.name;
      });
      expect(result).toBe(link.name);
      expect(await store().links.get(link.id)).toEqual(link);
      expect(await store().offers.get(offer.id)).toEqual(offer);
      expect(await store().settings.getValue('k')).toBe('v');
    });

    it('leaves nothing written when the work throws, and rethrows', async () => {
      const link = makeLink();
      const failure = new Error('boom');
      const outcome = store().transaction(async (tx) => {
        await tx.links.create(link);
        await tx.settings.setValue('k', 'v');
        throw failure;
      });
      await expect(outcome).rejects.toBe(failure);
      expect(await store().links.get(link.id)).toBeNull();
      expect(await store().settings.getValue('k')).toBeNull();
    });

    it('rolls back earlier writes when a later write conflicts', async () => {
      const taken = await store().links.create(makeLink());
      const link = makeLink();
      const outcome = store().transaction(async (tx) => {
        await tx.links.create(link);
        await tx.links.create({ ...makeLink(), id: taken.id });
      });
      await expect(outcome).rejects.toBeInstanceOf(ConflictError);
      expect(await store().links.get(link.id)).toBeNull();
      expect(await store().links.list()).toEqual([taken]);
    });

    it('goes on after a conflict the work caught, and commits the rest', async () => {
      const taken = await store().links.create(makeLink({ code: 'TAKEN' }));
      const link = makeLink();
      const caught = await store().transaction(async (tx) => {
        const conflict = await tx.links.create(makeLink({ code: 'taken' })).catch((error: unknown) => error);
        await tx.links.create(link);
        return conflict;
      });
      expect(caught).toBeInstanceOf(ConflictError);
      expect(await store().links.list()).toEqual([taken, link]);
    });

    it('never shows an outside call a half-done unit, and shows it all after the commit', async () => {
      const link = makeLink();
      const gate = deferred();
      const unit = store().transaction(async (tx) => {
        await tx.links.create(link);
        await tx.settings.setValue('k', 'v');
        await gate.promise;
      });
      await settle();
      // Either answer is right while the unit is open: waiting for it, or the state before it.
      const seen: unknown[] = [];
      const outside = Promise.all([store().links.get(link.id), store().settings.getValue('k')]).then(
        (found) => seen.push(...found),
      );
      await settle();
      expect(seen.length === 0 || (seen[0] === null && seen[1] === null)).toBe(true);
      gate.resolve();
      await unit;
      await outside;
      expect(await store().links.get(link.id)).toEqual(link);
      expect(await store().settings.getValue('k')).toBe('v');
    });

    it('never shows an outside call the writes of a rolled back unit', async () => {
      const link = makeLink();
      const gate = deferred();
      const unit = store().transaction(async (tx) => {
        await tx.links.create(link);
        await gate.promise;
        throw new Error('abort');
      });
      await settle();
      const outside = store().links.get(link.id);
      gate.resolve();
      await expect(unit).rejects.toThrow('abort');
      expect(await outside).toBeNull();
      expect(await store().links.get(link.id)).toBeNull();
    });

    it('answers ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });
  });
}
