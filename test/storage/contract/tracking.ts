import { describe, expect, it } from 'vitest';
import { at, type ContractContext, expectConflict, makeTrackedLink, seedConversation } from './fixtures.js';

function describeTrackedLinks(context: ContractContext): void {
  describe('tracked links', () => {
    const trackedLinks = () => context.store().trackedLinks;

    it('creates a link and reads it back, as a copy', async () => {
      const { conversation } = await seedConversation(context.store());
      const link = makeTrackedLink(conversation.id, { clicks: 2, lastClickAt: at(3) });
      const created = await trackedLinks().create(link);
      expect(created).toEqual(link);
      const read = await trackedLinks().get(link.id);
      expect(read).toEqual(link);
      read!.clicks = 99;
      expect(await trackedLinks().get(link.id)).toEqual(link);
      const fresh = await trackedLinks().create(makeTrackedLink(conversation.id));
      expect(await trackedLinks().get(fresh.id)).toEqual({ ...fresh, clicks: 0, lastClickAt: null });
    });

    it('returns null for an unknown id, and counts no click on it', async () => {
      expect(await trackedLinks().get('unknown')).toBeNull();
      expect(await trackedLinks().recordClick('unknown', at(1))).toBeNull();
      expect(await trackedLinks().get('unknown')).toBeNull();
    });

    it('rejects a taken id', async () => {
      const { conversation } = await seedConversation(context.store());
      const link = await trackedLinks().create(makeTrackedLink(conversation.id));
      await expectConflict(trackedLinks().create(makeTrackedLink(conversation.id, { id: link.id })), 'id');
      expect(await trackedLinks().get(link.id)).toEqual(link);
    });

    it('counts every click, even when they come at once', async () => {
      const { conversation } = await seedConversation(context.store());
      const link = await trackedLinks().create(makeTrackedLink(conversation.id));
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((minute) => trackedLinks().recordClick(link.id, at(minute))),
      );
      expect(results.map((result) => result?.clicks).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(await trackedLinks().get(link.id)).toEqual({ ...link, clicks: 5, lastClickAt: at(5) });
      expect(await trackedLinks().recordClick(link.id, at(9))).toEqual({
        ...link,
        clicks: 6,
        lastClickAt: at(9),
      });
    });

    it('keeps the latest click time when an earlier click is written after it', async () => {
      const { conversation } = await seedConversation(context.store());
      const link = await trackedLinks().create(makeTrackedLink(conversation.id));
      await trackedLinks().recordClick(link.id, at(5));
      expect(await trackedLinks().recordClick(link.id, at(3))).toEqual({
        ...link,
        clicks: 2,
        lastClickAt: at(5),
      });
    });

    it("lists a conversation's links oldest first, and only its own", async () => {
      const store = context.store();
      const { conversation } = await seedConversation(store);
      const { conversation: other } = await seedConversation(store);
      const first = await trackedLinks().create(makeTrackedLink(conversation.id, { createdAt: at(1) }));
      await trackedLinks().create(makeTrackedLink(other.id, { createdAt: at(2) }));
      const second = await trackedLinks().create(makeTrackedLink(conversation.id, { createdAt: at(3) }));
      await trackedLinks().recordClick(first.id, at(4));
      expect(await trackedLinks().listForConversation(conversation.id)).toEqual([
        { ...first, clicks: 1, lastClickAt: at(4) },
        second,
      ]);
      expect(await trackedLinks().listForConversation('unknown')).toEqual([]);
    });
  });
}

function describeAiUsage(context: ContractContext): void {
  describe('ai usage', () => {
    const aiUsage = () => context.store().aiUsage;

    it('accumulates calls and tokens per day and provider', async () => {
      await aiUsage().add('2024-01-02', 'openai', 100, 20);
      await aiUsage().add('2024-01-02', 'anthropic', 50, 5);
      await aiUsage().add('2024-01-02', 'openai', 30, 7);
      await aiUsage().add('2024-01-03', 'openai', 1, 2);
      expect(await aiUsage().list('2024-01-01')).toEqual([
        { day: '2024-01-02', provider: 'anthropic', calls: 1, inputTokens: 50, outputTokens: 5 },
        { day: '2024-01-02', provider: 'openai', calls: 2, inputTokens: 130, outputTokens: 27 },
        { day: '2024-01-03', provider: 'openai', calls: 1, inputTokens: 1, outputTokens: 2 },
      ]);
    });

    it('lists only the days from sinceDay on, by day then provider', async () => {
      await aiUsage().add('2024-01-03', 'openai', 1, 1);
      await aiUsage().add('2024-01-01', 'openai', 1, 1);
      await aiUsage().add('2024-01-03', 'anthropic', 2, 2);
      await aiUsage().add('2024-01-02', 'openai', 3, 3);
      const rows = await aiUsage().list('2024-01-02');
      expect(rows.map((row) => [row.day, row.provider])).toEqual([
        ['2024-01-02', 'openai'],
        ['2024-01-03', 'anthropic'],
        ['2024-01-03', 'openai'],
      ]);
      expect(await aiUsage().list('2024-01-04')).toEqual([]);
    });

    it('loses nothing when calls are added at once', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          aiUsage().add('2024-01-02', i % 2 ? 'openai' : 'anthropic', i, 1),
        ),
      );
      expect(await aiUsage().list('2024-01-02')).toEqual([
        {
          day: '2024-01-02',
          provider: 'anthropic',
          calls: 5,
          inputTokens: 0 + 2 + 4 + 6 + 8,
          outputTokens: 5,
        },
        { day: '2024-01-02', provider: 'openai', calls: 5, inputTokens: 1 + 3 + 5 + 7 + 9, outputTokens: 5 },
      ]);
    });

    it('returns copies: changing a listed row changes nothing stored', async () => {
      await aiUsage().add('2024-01-02', 'openai', 10, 1);
      const [row] = await aiUsage().list('2024-01-02');
      row!.calls = 99;
      expect((await aiUsage().list('2024-01-02'))[0]?.calls).toBe(1);
    });
  });
}

export function describeTracking(context: ContractContext): void {
  describeTrackedLinks(context);
  describeAiUsage(context);
}
