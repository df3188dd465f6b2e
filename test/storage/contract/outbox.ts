import { describe, expect, it } from 'vitest';
import type { Message, OutboxEntry } from '../../../core/types.js';
import { at, type ContractContext, makeMessage, makeOutboxEntry, seedConversation } from './fixtures.js';

const ERROR = { code: 'rate_limited', message: 'Too many requests' };

export function describeOutbox(context: ContractContext): void {
  const outbox = () => context.store().outbox;

  async function seedMessage(): Promise<Message> {
    const { conversation } = await seedConversation(context.store());
    return (await context.store().messages.insert(makeMessage(conversation.id, { status: 'queued' })))
      .message;
  }

  async function enqueue(overrides: Partial<OutboxEntry>): Promise<OutboxEntry> {
    const entry = makeOutboxEntry(await seedMessage(), overrides);
    await outbox().enqueue(entry);
    return entry;
  }

  /** What the outbox writes back for entries sent without a provider id. */
  const sentOf = (...entries: OutboxEntry[]) => entries.map(({ id, messageId }) => ({ id, messageId }));

  const claimed = (entry: OutboxEntry, now: string, leaseUntil: string, attempts: number) => ({
    ...entry,
    status: 'sending',
    leaseUntil,
    claimedBy: 'p1',
    attempts,
    updatedAt: now,
  });

  describe('outbox', () => {
    it('enqueues and reads back every field', async () => {
      const entry = await enqueue({ lastError: ERROR, attempts: 2, recipient: null });
      expect(await outbox().get(entry.id)).toEqual(entry);
      expect(await outbox().get('missing')).toBeNull();
    });

    it('enqueues many entries at once, all or none', async () => {
      const message = await seedMessage();
      // 300 = 128 + 128 + 32 + 8 + 4: every chunk size the bulk path uses in one call.
      const entries = Array.from({ length: 300 }, (_, i) =>
        makeOutboxEntry(message, {
          id: `bulk-${String(i).padStart(3, '0')}`,
          attempts: i % 3,
          recipient: i % 2 ? null : 'r',
        }),
      );
      await outbox().enqueueMany(entries);
      for (const entry of [entries[0]!, entries[131]!, entries[299]!])
        expect(await outbox().get(entry.id)).toEqual(entry);
      expect((await outbox().countByStatus()).pending).toBe(300);
      const fresh = makeOutboxEntry(message, { id: 'bulk-new' });
      await expect(outbox().enqueueMany([fresh, { ...entries[5]!, id: entries[5]!.id }])).rejects.toThrow();
      expect(await outbox().get(fresh.id)).toBeNull();
      await outbox().enqueueMany([]);
    });

    it('claims due entries in due order, leaving future ones', async () => {
      const later = await enqueue({ nextAttemptAt: at(2) });
      const first = await enqueue({ nextAttemptAt: at(1) });
      const future = await enqueue({ nextAttemptAt: at(10) });
      const entries = await outbox().claimDue(at(5), at(6), 10, 'p1');
      expect(entries).toEqual([claimed(first, at(5), at(6), 1), claimed(later, at(5), at(6), 1)]);
      expect(await outbox().get(first.id)).toEqual(claimed(first, at(5), at(6), 1));
      expect(await outbox().get(future.id)).toEqual(future);
    });

    it('claims at most `limit` entries, the earliest due', async () => {
      const a = await enqueue({ nextAttemptAt: at(1) });
      const b = await enqueue({ nextAttemptAt: at(2) });
      await enqueue({ nextAttemptAt: at(3) });
      const entries = await outbox().claimDue(at(5), at(6), 2, 'p1');
      expect(entries.map((entry) => entry.id)).toEqual([a.id, b.id]);
      expect(await outbox().countByStatus()).toEqual({ pending: 1, sending: 2, sent: 0, failed: 0 });
    });

    it('does not claim leased entries until the lease expires (a crashed sender)', async () => {
      const entry = await enqueue({ nextAttemptAt: at(1) });
      await outbox().claimDue(at(2), at(4), 10, 'p1');
      expect(await outbox().claimDue(at(3), at(5), 10, 'p1')).toEqual([]);
      expect(await outbox().claimDue(at(4), at(5), 10, 'p1')).toEqual([]);
      const reclaimed = await outbox().claimDue(at(4.5), at(7), 10, 'p1');
      expect(reclaimed).toEqual([claimed(entry, at(4.5), at(7), 2)]);
    });

    it('reschedules an entry for a later attempt', async () => {
      const entry = await enqueue({ nextAttemptAt: at(1) });
      await outbox().claimDue(at(2), at(4), 10, 'p1');
      await outbox().reschedule(entry.id, at(8), ERROR, at(3), 'p1');
      const pending = { ...entry, attempts: 1, nextAttemptAt: at(8), lastError: ERROR, updatedAt: at(3) };
      expect(await outbox().get(entry.id)).toEqual(pending);
      expect(await outbox().claimDue(at(7), at(9), 10, 'p1')).toEqual([]);
      expect(await outbox().claimDue(at(8), at(9), 10, 'p1')).toEqual([claimed(pending, at(8), at(9), 2)]);
    });

    it('marks several entries sent in one call, and no other', async () => {
      const entries = [await enqueue({}), await enqueue({}), await enqueue({})];
      await outbox().claimDue(at(2), at(4), 10, 'p1');
      await outbox().markSent(
        [...sentOf(entries[0]!, entries[2]!), { id: 'missing', messageId: 'missing' }],
        at(3),
      );
      const statuses = await Promise.all(
        entries.map(async (entry) => (await outbox().get(entry.id))!.status),
      );
      expect(statuses).toEqual(['sent', 'sending', 'sent']);
      expect(await outbox().get(entries[2]!.id)).toMatchObject({
        leaseUntil: null,
        claimedBy: null,
        updatedAt: at(3),
      });
      expect(await outbox().markSent([], at(5))).toEqual([]);
    });

    it('marks the messages of entries sent with them: each its own provider id, errors cleared, the ids it wrote', async () => {
      const { conversation } = await seedConversation(context.store());
      const messages = () => context.store().messages;
      const error = { code: 'timeout', message: 'Provider timed out' };
      const batch = [
        makeMessage(conversation.id, { status: 'queued' }),
        makeMessage(conversation.id, { status: 'failed', error }),
        makeMessage(conversation.id, { status: 'queued', externalId: 'kept' }),
      ];
      const other = makeMessage(conversation.id, { status: 'queued' });
      for (const message of [...batch, other]) await messages().insert(message);
      const entries = [...batch, other].map((message) => makeOutboxEntry(message));
      for (const entry of entries) await outbox().enqueue(entry);
      const written = await outbox().markSent(
        [
          { id: entries[0]!.id, messageId: batch[0]!.id, externalId: 'wamid.1' },
          { id: entries[1]!.id, messageId: batch[1]!.id, externalId: 'wamid.2' },
          { id: entries[2]!.id, messageId: batch[2]!.id },
          { id: 'missing', messageId: 'missing', externalId: 'x' },
        ],
        at(3),
      );
      expect([...written].sort()).toEqual(batch.map((message) => message.id).sort());
      const { error: _cleared, ...second } = batch[1]!;
      expect(await messages().get(batch[0]!.id)).toStrictEqual({
        ...batch[0],
        status: 'sent',
        externalId: 'wamid.1',
      });
      expect(await messages().get(batch[1]!.id)).toStrictEqual({
        ...second,
        status: 'sent',
        externalId: 'wamid.2',
      });
      expect(await messages().get(batch[2]!.id)).toStrictEqual({
        ...batch[2],
        status: 'sent',
        externalId: 'kept',
      });
      expect(await messages().get(other.id)).toStrictEqual(other);
      expect((await outbox().get(entries[3]!.id))!.status).toBe(entries[3]!.status);
    });

    it('marks entries sent or failed, which are never claimed again', async () => {
      const sent = await enqueue({ nextAttemptAt: at(1) });
      const failed = await enqueue({ nextAttemptAt: at(1) });
      await outbox().claimDue(at(2), at(4), 10, 'p1');
      await outbox().markSent(sentOf(sent), at(3));
      await outbox().markFailed(failed.id, ERROR, at(3), 'p1');
      expect(await outbox().get(sent.id)).toEqual({ ...sent, status: 'sent', attempts: 1, updatedAt: at(3) });
      expect(await outbox().get(failed.id)).toEqual({
        ...failed,
        status: 'failed',
        attempts: 1,
        lastError: ERROR,
        updatedAt: at(3),
      });
      expect(await outbox().claimDue(at(60), at(61), 10, 'p1')).toEqual([]);
    });

    it('counts entries by status, every status present', async () => {
      expect(await outbox().countByStatus()).toEqual({ pending: 0, sending: 0, sent: 0, failed: 0 });
      const a = await enqueue({});
      const b = await enqueue({});
      await enqueue({ nextAttemptAt: at(30) });
      await outbox().claimDue(at(1), at(2), 10, 'p1');
      await outbox().markSent(sentOf(a), at(1));
      await outbox().markFailed(b.id, ERROR, at(1), 'p1');
      await enqueue({ nextAttemptAt: at(30) });
      expect(await outbox().countByStatus()).toEqual({ pending: 2, sending: 0, sent: 1, failed: 1 });
    });

    it('purges sent and failed entries last updated before a time', async () => {
      const [oldSent, oldFailed, newSent] = [await enqueue({}), await enqueue({}), await enqueue({})];
      const pending = await enqueue({ updatedAt: at(0), nextAttemptAt: at(30) });
      await outbox().claimDue(at(1), at(2), 10, 'p1');
      await outbox().markSent(sentOf(oldSent), at(1));
      await outbox().markFailed(oldFailed.id, ERROR, at(2), 'p1');
      await outbox().markSent(sentOf(newSent), at(9));
      expect(await outbox().purgeDone(at(5))).toBe(2);
      expect(await outbox().get(oldSent.id)).toBeNull();
      expect(await outbox().get(oldFailed.id)).toBeNull();
      expect(await outbox().get(newSent.id)).toMatchObject({ status: 'sent' });
      expect(await outbox().get(pending.id)).toEqual(pending);
      expect(await outbox().purgeDone(at(5))).toBe(0);
    });

    it('records who claimed an entry, and lets only them renew, reschedule or fail it', async () => {
      const entry = await enqueue({ nextAttemptAt: at(1) });
      const [mine] = await outbox().claimDue(at(2), at(4), 10, 'p1');
      expect(mine).toMatchObject({ claimedBy: 'p1', leaseUntil: at(4) });
      expect(await outbox().renew(entry.id, 'p2', at(9))).toBe(false);
      expect(await outbox().renew(entry.id, 'p1', at(6))).toBe(true);
      expect(await outbox().claimDue(at(5), at(8), 10, 'p2')).toEqual([]);
      // The lease ran out (p1 died): p2 takes the entry over, and p1's late decisions change nothing.
      expect(await outbox().claimDue(at(7), at(9), 10, 'p2')).toEqual([
        expect.objectContaining({ id: entry.id, claimedBy: 'p2', attempts: 2, leaseUntil: at(9) }),
      ]);
      expect(await outbox().renew(entry.id, 'p1', at(20))).toBe(false);
      expect(await outbox().reschedule(entry.id, at(30), ERROR, at(8), 'p1')).toBe(false);
      expect(await outbox().markFailed(entry.id, ERROR, at(8), 'p1')).toBe(false);
      expect(await outbox().get(entry.id)).toMatchObject({ status: 'sending', claimedBy: 'p2' });
      expect(await outbox().reschedule(entry.id, at(30), ERROR, at(8), 'p2')).toBe(true);
      expect(await outbox().get(entry.id)).toMatchObject({ status: 'pending', claimedBy: null });
    });

    it('takes an entry written already claimed (a reply staged by its process) only after its lease', async () => {
      const entry = await enqueue({ status: 'sending', claimedBy: 'p1', leaseUntil: at(3), attempts: 1 });
      expect(await outbox().get(entry.id)).toEqual(entry);
      expect(await outbox().claimDue(at(2), at(5), 10, 'p2')).toEqual([]);
      expect(await outbox().claimDue(at(4), at(6), 10, 'p2')).toEqual([
        expect.objectContaining({ id: entry.id, claimedBy: 'p2', attempts: 2 }),
      ]);
      await outbox().markSent(sentOf(entry), at(5));
      expect(await outbox().get(entry.id)).toMatchObject({
        status: 'sent',
        claimedBy: null,
        leaseUntil: null,
      });
    });

    it('gives each entry to one of many claimers racing for it', async () => {
      for (let i = 0; i < 12; i++) await enqueue({ nextAttemptAt: at(1) });
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) => outbox().claimDue(at(2), at(4), 5, `p${i}`)),
      );
      const ids = claims.flat().map((entry) => entry.id);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
    });
  });
}
