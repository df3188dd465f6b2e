import { describe, expect, it } from 'vitest';
import { at, type ContractContext } from './fixtures.js';

export function describeChannelState(context: ContractContext): void {
  describe('channel state', () => {
    const state = () => context.store().channelState;

    it('sets, reads back and deletes values by namespace and key', async () => {
      await state().set('wa', { creds: 'c1', 'session-1': 's1' }, at(1));
      await state().set('other', { creds: 'x' }, at(1));
      expect(await state().get('wa', ['creds', 'session-1', 'missing'])).toEqual({
        creds: 'c1',
        'session-1': 's1',
      });
      await state().set('wa', { creds: 'c2', 'session-1': null }, at(2));
      expect(await state().get('wa', ['creds', 'session-1'])).toEqual({ creds: 'c2' });
      expect(await state().get('other', ['creds'])).toEqual({ creds: 'x' });
    });

    it('clears one namespace only and says how many keys went', async () => {
      await state().set('wa', { a: '1', b: '2' }, at(1));
      await state().set('other', { a: '3' }, at(1));
      expect(await state().clear('wa')).toBe(2);
      expect(await state().get('wa', ['a', 'b'])).toEqual({});
      expect(await state().get('other', ['a'])).toEqual({ a: '3' });
    });

    it('rolls back values written in a failed transaction', async () => {
      const store = context.store();
      await expect(
        store.transaction(async (tx) => {
          await tx.channelState.set('wa', { creds: 'lost' }, at(1));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await state().get('wa', ['creds'])).toEqual({});
    });
  });

  describe('leases', () => {
    const leases = () => context.store().leases;

    it('gives a free lease to the first holder only, until it expires', async () => {
      expect(await leases().acquire('whatsapp', 'p1', at(10), at(1))).toBe(true);
      expect(await leases().acquire('whatsapp', 'p2', at(11), at(2))).toBe(false);
      expect(await leases().get('whatsapp')).toEqual({ name: 'whatsapp', holder: 'p1', expiresAt: at(10) });
      // Expired: another process takes it over.
      expect(await leases().acquire('whatsapp', 'p2', at(20), at(10))).toBe(true);
      expect((await leases().get('whatsapp'))?.holder).toBe('p2');
      expect(await leases().acquire('whatsapp', 'p1', at(21), at(11))).toBe(false);
    });

    it('renews for its holder, and is released only by its holder', async () => {
      await leases().acquire('whatsapp', 'p1', at(10), at(1));
      expect(await leases().acquire('whatsapp', 'p1', at(30), at(5))).toBe(true);
      expect((await leases().get('whatsapp'))?.expiresAt).toBe(at(30));
      await leases().release('whatsapp', 'p2');
      expect((await leases().get('whatsapp'))?.holder).toBe('p1');
      await leases().release('whatsapp', 'p1');
      expect(await leases().get('whatsapp')).toBeNull();
      expect(await leases().acquire('whatsapp', 'p2', at(40), at(6))).toBe(true);
    });

    it('keeps leases of different names apart', async () => {
      expect(await leases().acquire('a', 'p1', at(10), at(1))).toBe(true);
      expect(await leases().acquire('b', 'p2', at(10), at(1))).toBe(true);
      expect(await leases().get('unknown')).toBeNull();
    });

    it('lets exactly one of many simultaneous takers win', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => leases().acquire('race', `p${i}`, at(10), at(1))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
