import { describe, expect, it } from 'vitest';
import { createUlidGenerator } from '../../../core/ids.js';
import { countDay, dailyActivity } from '../../../core/stats.js';
import type { Conversation, Message, Sender } from '../../../core/types.js';
import { at, type ContractContext, makeConversation, makeMessage } from './fixtures.js';

/** Ids made at the given instant, as the app makes them (the id and created_at share one clock). */
function idAt(iso: string): string {
  return createUlidGenerator({ now: () => new Date(iso) }).next();
}

const contact: Sender = { type: 'contact', id: 'c-1', name: 'Ada' };
const assistant: Sender = { type: 'assistant', name: 'Kora' };
const coach: Sender = { type: 'coach', id: 'u-1', name: 'Coach' };
const joined: Sender = { type: 'system', id: 'coach_joined', name: 'Coach' };

/** The dashboard's figures: messages and conversations in a time window, handoffs waiting. */
export function describeActivity(context: ContractContext): void {
  describe('dashboard activity', () => {
    const store = () => context.store();

    async function conversation(minutes: number, overrides: Partial<Conversation> = {}) {
      const createdAt = at(minutes);
      return store().conversations.create(
        makeConversation({
          id: idAt(createdAt),
          kind: 'assistant',
          createdAt,
          updatedAt: createdAt,
          ...overrides,
        }),
      );
    }
    async function message(conversationId: string, minutes: number, sender: Sender): Promise<Message> {
      const createdAt = at(minutes);
      const stored = makeMessage(conversationId, { id: idAt(createdAt), sender, createdAt });
      return (await store().messages.insert(stored)).message;
    }

    it('counts the messages of a window by sender, and the conversations they were in', async () => {
      const first = await conversation(0);
      const second = await conversation(5);
      const direct = await conversation(5, { kind: 'direct' });
      await message(first.id, 1, contact);
      await message(first.id, 2, assistant);
      await message(second.id, 10, contact);
      await message(second.id, 11, coach);
      // "Coach joined the conversation" is no one's message (issue 19): not counted.
      await message(second.id, 12, joined);
      await message(direct.id, 10, contact);
      await message(first.id, 30, contact);

      expect(await store().messages.activity(at(0), at(20))).toEqual({
        messages: 4,
        fromContacts: 2,
        assistant: 1,
        coach: 1,
        conversations: 2,
      });
      // The window is [from, to): a message at `to` belongs to the next one.
      expect(await store().messages.activity(at(10), at(30))).toEqual({
        messages: 2,
        fromContacts: 1,
        assistant: 0,
        coach: 1,
        conversations: 1,
      });
      expect(await store().messages.activity(at(31), at(60))).toEqual({
        messages: 0,
        fromContacts: 0,
        assistant: 0,
        coach: 0,
        conversations: 0,
      });
    });

    it('counts the conversations created in a window, private ones left out', async () => {
      await conversation(0);
      await conversation(10, { kind: 'group' });
      await conversation(10, { kind: 'direct' });
      await conversation(20);
      expect(await store().conversations.countCreated(at(0), at(20))).toBe(2);
      expect(await store().conversations.countCreated(at(10), at(21))).toBe(2);
      expect(await store().conversations.countCreated(at(21), at(100))).toBe(0);
    });

    it('counts handed-off conversations, and those whose newest message awaits the coach', async () => {
      const waiting = await conversation(0, { handoff: true, handoffAt: at(1) });
      const answered = await conversation(0, { handoff: true, handoffAt: at(1) });
      const quiet = await conversation(0, { handoff: true, handoffAt: at(1) });
      const assisted = await conversation(0);
      const archived = await conversation(0, { handoff: true, handoffAt: at(1) });
      await message(waiting.id, 2, contact);
      await message(answered.id, 2, contact);
      await message(answered.id, 3, coach);
      await message(assisted.id, 2, contact);
      await message(archived.id, 2, contact);
      await store().conversations.archive(archived.id, at(4));
      expect(quiet.handoff).toBe(true);
      expect(await store().conversations.countHandoffs()).toEqual({
        handoff: 3,
        handoffMore: false,
        waiting: 1,
        waitingMore: false,
      });
    });

    it('keeps the first figures stored for a closed day, per time zone, and leaves out days never stored', async () => {
      const figures = (day: string, messages: number) => ({
        day,
        messages,
        fromContacts: 1,
        assistant: 2,
        coach: 3,
        conversations: 4,
        newConversations: 5,
      });
      await store().activityDays.put('Europe/Zurich', [figures('2024-01-02', 7), figures('2024-01-01', 6)]);
      await store().activityDays.put('Europe/Zurich', [figures('2024-01-02', 99)]);
      await store().activityDays.put('UTC', [figures('2024-01-02', 8)]);
      expect(
        await store().activityDays.get('Europe/Zurich', ['2024-01-03', '2024-01-02', '2024-01-01']),
      ).toEqual([figures('2024-01-01', 6), figures('2024-01-02', 7)]);
      expect(await store().activityDays.get('UTC', ['2024-01-02'])).toEqual([figures('2024-01-02', 8)]);
      expect(await store().activityDays.get('UTC', [])).toEqual([]);
    });

    it('gives the dashboard the same figures as a recount, closed days stored, today counted live', async () => {
      // Three days of traffic in Zurich, "now" on the third (2024-01-03 08:00 local).
      const now = new Date(Date.parse(at(2 * 1_440 + 7 * 60)));
      const days = [0, 1, 2].map((d) => d * 1_440);
      for (const start of days) {
        const opened = await conversation(start + 30);
        await message(opened.id, start + 31, contact);
        await message(opened.id, start + 32, assistant);
        if (start < 2 * 1_440) await message(opened.id, start + 60 * 20, coach);
      }
      const recount = () =>
        Promise.all(
          ['2024-01-01', '2024-01-02', '2024-01-03'].map((d) => countDay(store(), d, 'Europe/Zurich')),
        );
      const first = await dailyActivity(store(), now, 'Europe/Zurich', 3);
      expect(first).toEqual(await recount());
      expect(first.map((d) => d.messages)).toEqual([3, 3, 2]);
      // Closed days are stored (today is not): the dashboard reads them back.
      expect(
        (await store().activityDays.get('Europe/Zurich', ['2024-01-02', '2024-01-03'])).map((d) => d.day),
      ).toEqual(['2024-01-02']);
      // More of today's traffic shows at once; the closed days stay exact.
      const later = await conversation(2 * 1_440 + 6 * 60);
      await message(later.id, 2 * 1_440 + 6 * 60 + 1, contact);
      const second = await dailyActivity(store(), now, 'Europe/Zurich', 3);
      expect(second).toEqual(await recount());
      expect(second[2]).toMatchObject({
        messages: 3,
        fromContacts: 2,
        conversations: 2,
        newConversations: 2,
      });
    });
  });
}
