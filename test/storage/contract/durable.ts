import { describe, expect, it } from 'vitest';
import type { EarlyReport } from '../../../core/repositories.js';
import { at, type ContractContext } from './fixtures.js';

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
