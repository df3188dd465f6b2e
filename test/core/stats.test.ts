import { describe, expect, it } from 'vitest';
import { createUlidGenerator } from '../../core/ids.js';
import { dailyActivity, localDay } from '../../core/stats.js';
import type { Message } from '../../core/types.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { makeConversation, makeMessage } from '../storage/contract/fixtures.js';

const ZURICH = 'Europe/Zurich';

describe('calendar days in the business time zone', () => {
  it('puts an instant on the day its clocks show', () => {
    expect(localDay(new Date('2026-06-01T21:59:59Z'), ZURICH)).toBe('2026-06-01');
    expect(localDay(new Date('2026-06-01T22:00:00Z'), ZURICH)).toBe('2026-06-02');
    expect(localDay(new Date('2026-06-01T22:00:00Z'), 'UTC')).toBe('2026-06-01');
    expect(localDay(new Date('2026-06-01T10:30:00Z'), 'America/New_York')).toBe('2026-06-01');
    expect(localDay(new Date('2026-06-01T03:30:00Z'), 'America/New_York')).toBe('2026-05-31');
  });

  it('counts each day from local midnight to local midnight, 23 hours on the day clocks go forward', async () => {
    const store = createMemoryStore();
    const conversation = await store.conversations.create(
      makeConversation({ kind: 'assistant', createdAt: '2026-03-28T12:00:00.000Z' }),
    );
    const at = async (iso: string) => {
      const id = createUlidGenerator({ now: () => new Date(iso) }).next();
      const message: Message = makeMessage(conversation.id, {
        id,
        createdAt: iso,
        sender: { type: 'contact', id: 'c', name: 'Ada' },
      });
      await store.messages.insert(message);
    };
    await at('2026-03-28T22:59:59.000Z'); // 23:59:59 on the 28th (UTC+1)
    await at('2026-03-28T23:00:00.000Z'); // 00:00 on the 29th
    await at('2026-03-29T21:59:59.000Z'); // 23:59:59 on the 29th (UTC+2 since 02:00)
    await at('2026-03-29T22:00:00.000Z'); // 00:00 on the 30th
    const days = await dailyActivity(store, new Date('2026-03-30T08:00:00Z'), ZURICH, 4);
    expect(days.map((d) => [d.day, d.messages, d.newConversations])).toEqual([
      ['2026-03-27', 0, 0],
      ['2026-03-28', 1, 1],
      ['2026-03-29', 2, 0],
      ['2026-03-30', 1, 0],
    ]);
  });
});
