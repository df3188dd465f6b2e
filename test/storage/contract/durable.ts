import { describe, expect, it } from 'vitest';
import type { EarlyReport } from '../../../core/repositories.js';
import type { Message } from '../../../core/types.js';
import { at, type ContractContext, makeMessage, seedConversation } from './fixtures.js';

const report = (id: string, status: EarlyReport['status'], until: string): EarlyReport => ({
  channel: 'whatsapp',
  externalMessageId: id,
  status,
  error: status === 'failed' ? { code: '30008', message: 'unknown' } : null,
  until,
});

export function describeEarlyReports(context: ContractContext): void {
  describe('early reports', () => {
    const reports = () => context.store().earlyReports;

    it('keeps the furthest status per provider id and hands it over once', async () => {
      await reports().hold(report('SM1', 'read', at(10)), 4, at(0));
      await reports().hold(report('SM1', 'delivered', at(11)), 3, at(0));
      await reports().hold(report('SM2', 'failed', at(10)), 5, at(0));
      expect(await reports().take('whatsapp', 'SM1', at(1))).toEqual(report('SM1', 'read', at(10)));
      expect(await reports().take('whatsapp', 'SM1', at(1))).toBeNull();
      expect(await reports().take('telegram', 'SM2', at(1))).toBeNull();
      expect(await reports().take('whatsapp', 'SM2', at(1))).toEqual(report('SM2', 'failed', at(10)));
    });

    it('replaces a report past its time, and neither hands over nor keeps one past it', async () => {
      await reports().hold(report('SM1', 'read', at(1)), 4, at(0));
      await reports().hold(report('SM1', 'delivered', at(5)), 3, at(2));
      expect(await reports().take('whatsapp', 'SM1', at(3))).toEqual(report('SM1', 'delivered', at(5)));
      await reports().hold(report('SM2', 'delivered', at(1)), 3, at(0));
      await reports().hold(report('SM3', 'delivered', at(9)), 3, at(0));
      expect(await reports().purge(at(2))).toBe(1);
      expect(await reports().take('whatsapp', 'SM2', at(0))).toBeNull();
      expect(await reports().take('whatsapp', 'SM3', at(10))).toBeNull();
    });

    it('keeps the furthest of many reports held at once, and hands it to one taker', async () => {
      const statuses = ['sent', 'delivered', 'read', 'delivered', 'sent', 'read', 'delivered'] as const;
      const rank = { sent: 2, delivered: 3, read: 4 };
      await Promise.all(
        statuses.map((status) => reports().hold(report('SM9', status, at(10)), rank[status], at(0))),
      );
      const taken = await Promise.all(
        Array.from({ length: 5 }, () => reports().take('whatsapp', 'SM9', at(1))),
      );
      expect(taken.filter((one) => one !== null)).toEqual([report('SM9', 'read', at(10))]);
    });
  });
}

export function describeTurnLeases(context: ContractContext): void {
  describe('turn leases', () => {
    const turns = () => context.store().turns;

    it('gives a free lease to one holder until it expires or is released, keeping the newest answer', async () => {
      expect(await turns().acquire('c1', 'A', at(2), at(0))).toBeNull();
      expect(await turns().acquire('c1', 'B', at(3), at(1))).toBe(false);
      expect(await turns().acquire('c1', 'A', at(4), at(1))).toBeNull(); // a renewal by its holder
      expect(await turns().renew('c1', 'B', at(9))).toBe(false);
      expect(await turns().renew('c1', 'A', at(5))).toBe(true);
      await turns().release('c1', 'B', 'm9'); // not B's: nothing changes
      expect(await turns().acquire('c1', 'B', at(6), at(4))).toBe(false);
      await turns().release('c1', 'A', 'm2');
      expect(await turns().acquire('c1', 'B', at(6), at(4))).toBe('m2');
      await turns().release('c1', 'B', 'm1'); // older than the one recorded: kept
      expect(await turns().acquire('c1', 'A', at(7), at(5))).toBe('m2');
      await turns().release('c1', 'A', null);
      expect(await turns().acquire('c2', 'A', at(7), at(5))).toBeNull();
    });

    it('lets another holder take an expired lease (its process died)', async () => {
      expect(await turns().acquire('c1', 'A', at(2), at(0))).toBeNull();
      expect(await turns().acquire('c1', 'B', at(5), at(2))).toBeNull();
      expect(await turns().renew('c1', 'A', at(9))).toBe(false);
      await turns().release('c1', 'A', 'm5');
      expect(await turns().acquire('c1', 'A', at(6), at(3))).toBe(false);
    });

    it('tells the turn holding the lease which customer messages came after its trigger', async () => {
      const store = context.store();
      const { conversation, contact } = await seedConversation(store, { kind: 'assistant' });
      const customer = { type: 'contact' as const, id: contact.id, name: 'Jeanne' };
      const write = (text: string, overrides: Partial<Message> = {}) =>
        store.messages.insert(makeMessage(conversation.id, { text, sender: customer, ...overrides }));
      const { message: trigger } = await write('first');
      expect(await turns().acquireAfter(conversation.id, 'A', at(2), at(0), trigger.id)).toEqual({
        answered: null,
        newerFromContacts: [],
      });
      await write('answer', { sender: { type: 'assistant', name: 'Assistant' } });
      await write('a note', { sender: { type: 'coach', id: 'u1', name: 'Coach' }, kind: 'note' });
      await write('second');
      await write('STOP');
      // Held by A: B gets nothing, A renews and is told of the customer's two later messages.
      expect(await turns().acquireAfter(conversation.id, 'B', at(3), at(1), trigger.id)).toBe(false);
      expect(await turns().acquireAfter(conversation.id, 'A', at(3), at(1), trigger.id)).toEqual({
        answered: null,
        newerFromContacts: ['second', 'STOP'],
      });
      await turns().release(conversation.id, 'A', trigger.id);
      const after = await turns().acquireAfter(conversation.id, 'B', at(4), at(2), trigger.id);
      expect(after).toEqual({ answered: trigger.id, newerFromContacts: ['second', 'STOP'] });
      // At most 50, the oldest ones.
      for (let i = 0; i < 55; i++) await write(`more ${i}`);
      const many = await turns().acquireAfter(conversation.id, 'B', at(5), at(3), trigger.id);
      if (!many) throw new Error('B holds the lease it took');
      expect(many.newerFromContacts).toHaveLength(50);
      expect(many.newerFromContacts.slice(0, 3)).toEqual(['second', 'STOP', 'more 0']);
    });

    it('gives a lease to exactly one of many racing holders', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => turns().acquire('c1', `p${i}`, at(5), at(0))),
      );
      expect(outcomes.filter((outcome) => outcome !== false)).toEqual([null]);
    });
  });
}

export function describeRateBuckets(context: ContractContext): void {
  describe('rate buckets', () => {
    const buckets = () => context.store().rateBuckets;

    it('gives a burst at once, then one token per interval, and keys apart', async () => {
      // 1 token per 100 ms, 3 saved up at most.
      const starts = [];
      for (let i = 0; i < 5; i++) starts.push(await buckets().reserve('k', 100, 300, 1, 10_000));
      expect(starts).toEqual([9_800, 9_900, 10_000, 10_100, 10_200]);
      expect(await buckets().reserve('other', 100, 300, 1, 10_000)).toBe(9_800);
      // Two tokens at once (an SMS of two segments): the last one's time.
      expect(await buckets().reserve('k', 100, 300, 2, 10_000)).toBe(10_400);
      // Idle for long: the burst is back, no more.
      expect(await buckets().reserve('k', 100, 300, 1, 60_000)).toBe(59_800);
    });

    it('waits out a pause, and a pause never shortens a wait', async () => {
      await buckets().pauseUntil('k', 20_000);
      expect(await buckets().reserve('k', 100, 300, 1, 10_000)).toBe(20_000);
      await buckets().pauseUntil('k', 15_000);
      expect(await buckets().reserve('k', 100, 300, 1, 10_000)).toBe(20_100);
    });

    it('forgets only the keys idle since before the time, which start full again', async () => {
      // Five tokens of 'k' taken at 10_000 (the next free at 10_300); one of 'once' at 5_000 (the
      // next free at 4_900); nothing of 'paused' before 50_000.
      for (let i = 0; i < 5; i++) await buckets().reserve('k', 100, 300, 1, 10_000);
      await buckets().reserve('once', 100, 300, 1, 5_000);
      await buckets().pauseUntil('paused', 50_000);
      expect(await buckets().forgetIdle(4_900)).toBe(0);
      expect(await buckets().forgetIdle(6_000)).toBe(1);
      expect(await buckets().reserve('k', 100, 300, 1, 10_000)).toBe(10_300);
      expect(await buckets().reserve('paused', 100, 300, 1, 10_000)).toBe(50_000);
      // Forgotten: full again (its burst of three at once).
      const again = [];
      for (let i = 0; i < 3; i++) again.push(await buckets().reserve('once', 100, 300, 1, 60_000));
      expect(again).toEqual([59_800, 59_900, 60_000]);
      expect(await buckets().forgetIdle(Number.MAX_SAFE_INTEGER)).toBe(3);
      expect(await buckets().reserve('paused', 100, 300, 1, 10_000)).toBe(9_800);
    });

    it('never gives one slot twice to many reservations at once', async () => {
      const starts = await Promise.all(
        Array.from({ length: 20 }, () => buckets().reserve('k', 50, 50, 1, 1_000)),
      );
      expect([...starts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 1_000 + i * 50));
    });
  });
}

export function describeHandBack(context: ContractContext): void {
  describe('hand-back', () => {
    it('hands a conversation back only while it is still handed off since before the time', async () => {
      const store = context.store();
      const handedOff = { kind: 'assistant' as const, handoff: true, handoffAt: at(1), coachNeededAt: at(1) };
      const { conversation } = await seedConversation(store, handedOff);
      // The coach wrote at minute 5: not due for a hand-back of what was handed off before minute 3.
      const { conversation: recent } = await seedConversation(store, { ...handedOff, handoffAt: at(5) });
      expect(await store.conversations.handBack(recent.id, at(3), at(6))).toBeNull();
      const back = await store.conversations.handBack(conversation.id, at(3), at(6));
      expect(back).toMatchObject({ handoff: false, handoffAt: null, coachNeededAt: null, updatedAt: at(6) });
      expect(await store.conversations.get(conversation.id)).toEqual(back);
      expect(await store.conversations.handBack(conversation.id, at(3), at(7))).toBeNull();
      expect(await store.conversations.get(recent.id)).toMatchObject({ handoff: true, handoffAt: at(5) });
    });

    it('hands back once when many callers do it at once', async () => {
      const store = context.store();
      const { conversation } = await seedConversation(store, {
        kind: 'assistant',
        handoff: true,
        handoffAt: at(1),
      });
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => store.conversations.handBack(conversation.id, at(3), at(6))),
      );
      expect(outcomes.filter((outcome) => outcome !== null)).toHaveLength(1);
    });
  });
}
