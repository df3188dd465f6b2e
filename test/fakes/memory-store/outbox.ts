import type { OutboxRepository } from '../../../core/repositories.js';
import type { OutboxEntry, OutboxStatus } from '../../../core/types.js';
import { withStatus } from './messages.js';
import { compare, conflict, copy, type Gate, type MemoryState } from './state.js';

export function createOutboxRepository(state: MemoryState, gate: Gate): OutboxRepository {
  const { outbox } = state;

  /** Applies `change` to a stored entry; unknown ids are ignored (an UPDATE matching no row). */
  function change(id: string, fields: Partial<OutboxEntry>): boolean {
    const current = outbox.get(id);
    if (current) outbox.set(id, { ...current, ...copy(fields) });
    return current !== undefined;
  }

  /** Whether `claimer` holds the entry's lease (claimed, not since released or taken over). */
  function holding(id: string, claimer: string): boolean {
    const current = outbox.get(id);
    return current?.status === 'sending' && current.claimedBy === claimer;
  }

  return {
    enqueue: (entry) =>
      gate(() => {
        if (outbox.has(entry.id)) throw conflict('outbox entry', ['id']);
        outbox.set(entry.id, copy(entry));
      }),
    enqueueMany: (entries) =>
      gate(() => {
        const ids = new Set(entries.map((entry) => entry.id));
        if (ids.size < entries.length || entries.some((entry) => outbox.has(entry.id)))
          throw conflict('outbox entry', ['id']);
        for (const entry of entries) outbox.set(entry.id, copy(entry));
      }),
    get: (id) => gate(() => copy(outbox.get(id) ?? null)),
    /** Pending and due, or sending with an expired lease; by nextAttemptAt then id. */
    claimDue: (now, leaseUntil, limit, claimer) =>
      gate(() => {
        const due = [...outbox.values()]
          .filter(
            (entry) =>
              (entry.status === 'pending' && entry.nextAttemptAt <= now) ||
              (entry.status === 'sending' && entry.leaseUntil !== null && entry.leaseUntil < now),
          )
          .sort((a, b) => compare(a.nextAttemptAt, b.nextAttemptAt) || compare(a.id, b.id))
          .slice(0, Math.max(0, limit));
        return due.map((entry) => {
          const claimed: OutboxEntry = {
            ...entry,
            status: 'sending',
            leaseUntil,
            claimedBy: claimer,
            attempts: entry.attempts + 1,
            updatedAt: now,
          };
          outbox.set(entry.id, claimed);
          return copy(claimed);
        });
      }),
    renew: (id, claimer, leaseUntil) => gate(() => holding(id, claimer) && change(id, { leaseUntil })),
    markSent: (sent, now) =>
      gate(() =>
        sent.flatMap(({ id, messageId, externalId }) => {
          change(id, { status: 'sent', leaseUntil: null, claimedBy: null, updatedAt: now });
          const message = state.messages.get(messageId);
          if (!message) return [];
          state.messages.set(messageId, withStatus(message, { status: 'sent', error: null, externalId }));
          return [messageId];
        }),
      ),
    reschedule: (id, nextAttemptAt, error, now, claimer) =>
      gate(
        () =>
          holding(id, claimer) &&
          change(id, {
            status: 'pending',
            nextAttemptAt,
            lastError: error,
            leaseUntil: null,
            claimedBy: null,
            updatedAt: now,
          }),
      ),
    markFailed: (id, error, now, claimer) =>
      gate(
        () =>
          holding(id, claimer) &&
          change(id, {
            status: 'failed',
            lastError: error,
            leaseUntil: null,
            claimedBy: null,
            updatedAt: now,
          }),
      ),
    countByStatus: () =>
      gate(() => {
        const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
        for (const entry of outbox.values()) counts[entry.status]++;
        return counts;
      }),
    purgeDone: (before) =>
      gate(() => {
        let removed = 0;
        for (const entry of [...outbox.values()]) {
          if ((entry.status === 'sent' || entry.status === 'failed') && entry.updatedAt < before) {
            outbox.delete(entry.id);
            removed++;
          }
        }
        return removed;
      }),
  };
}
