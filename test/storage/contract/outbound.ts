/**
 * `messages.insertOutbound`: an outbound message, its outbox entry and its conversation's activity,
 * written together only while the conversation still holds what the sender decided from. The cases
 * are generated: every stored state against every expectation, the write happening exactly when the
 * rule says.
 */
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../core/types.js';
import type { OutboundWrite } from '../../../core/repositories.js';
import {
  at,
  type ContractContext,
  expectConflict,
  makeMessage,
  makeOutboxEntry,
  seedConversation,
} from './fixtures.js';

type Stored = { handoff: boolean; coachNeededAt: string | null; archived: boolean };
type Expected = OutboundWrite['expected'];

const STORED: Stored[] = [false, true].flatMap((handoff) =>
  [null, at(1)].flatMap((coachNeededAt) =>
    [false, true].map((archived) => ({ handoff, coachNeededAt, archived })),
  ),
);
const EXPECTED: Expected[] = [false, true].flatMap((handoff) => [
  { handoff },
  { handoff, coachNeededAt: null },
  { handoff, coachNeededAt: at(1) },
  { handoff, coachNeededAt: at(2) },
]);

/** The rule: a live conversation whose every expected field is as stored. */
function writes(stored: Stored, expected: Expected): boolean {
  if (stored.archived || stored.handoff !== expected.handoff) return false;
  return expected.coachNeededAt === undefined || expected.coachNeededAt === stored.coachNeededAt;
}

function describeOutboundWrites(context: ContractContext): void {
  const store = () => context.store();
  const turns = () => store().turns;

  async function seed(stored: Stored): Promise<Conversation> {
    const { conversation } = await seedConversation(store(), {
      kind: 'assistant',
      handoff: stored.handoff,
      handoffAt: stored.handoff ? at(0) : null,
      coachNeededAt: stored.coachNeededAt,
    });
    if (stored.archived) await store().conversations.archive(conversation.id, at(3));
    return conversation;
  }

  function outbound(conversation: Conversation, expected: Expected, activity: OutboundWrite['activity']) {
    const message = makeMessage(conversation.id, {
      sender: { type: 'assistant', name: 'Assistant' },
      text: 'Le cours a lieu mardi.',
      status: 'queued',
      createdAt: at(10),
    });
    const entry = makeOutboxEntry(message, { recipient: conversation.externalChatId, createdAt: at(10) });
    return { message, entry, activity, expected } satisfies OutboundWrite;
  }

  it('writes exactly when the conversation is live and holds every expected value', async () => {
    let written = 0;
    for (const stored of STORED) {
      for (const expected of EXPECTED) {
        const conversation = await seed(stored);
        const before = await store().conversations.get(conversation.id);
        const activity = { lastMessageAt: at(10), updatedAt: at(10) };
        const write = outbound(conversation, expected, activity);
        const after = await store().messages.insertOutbound(write);
        const label = JSON.stringify({ stored, expected });
        if (writes(stored, expected)) {
          written++;
          expect(after, label).toEqual({ ...before, ...activity });
          expect(await store().conversations.get(conversation.id), label).toEqual(after);
          expect(await store().messages.get(write.message.id), label).toEqual(write.message);
          expect(await store().outbox.get(write.entry.id), label).toEqual(write.entry);
          const summaries = await store().inbox.summaries('agent', [conversation.id]);
          expect(summaries[conversation.id]?.lastMessage?.id, label).toBe(write.message.id);
        } else {
          expect(after, label).toBeNull();
          expect(await store().messages.get(write.message.id), label).toBeNull();
          expect(await store().outbox.get(write.entry.id), label).toBeNull();
          expect(await store().messages.list(conversation.id, { limit: 5 }), label).toEqual([]);
          if (!stored.archived)
            expect(await store().conversations.get(conversation.id), label).toEqual(before);
        }
      }
    }
    // 8 of the 64 cases write (live, same handoff, coach mark absent or equal): both outcomes were tried.
    expect(written).toBe(8);
  });

  it('writes the activity it is given: a handoff, a coach mark set or cleared', async () => {
    const activities: OutboundWrite['activity'][] = [
      { lastMessageAt: at(10), updatedAt: at(10), handoff: true, handoffAt: at(10) },
      { lastMessageAt: at(10), updatedAt: at(10), coachNeededAt: at(10) },
      { lastMessageAt: at(10), updatedAt: at(10), coachNeededAt: null },
    ];
    for (const activity of activities) {
      const conversation = await seed({ handoff: false, coachNeededAt: at(1), archived: false });
      const after = await store().messages.insertOutbound(
        outbound(conversation, { handoff: false, coachNeededAt: at(1) }, activity),
      );
      expect(after).toEqual({ ...conversation, coachNeededAt: at(1), ...activity });
      expect(await store().conversations.get(conversation.id)).toEqual(after);
    }
  });

  it('writes nothing when the entry id is taken: all or none', async () => {
    const conversation = await seed({ handoff: false, coachNeededAt: null, archived: false });
    const first = outbound(conversation, { handoff: false }, { lastMessageAt: at(10) });
    await store().messages.insertOutbound(first);
    const second = outbound(conversation, { handoff: false }, { lastMessageAt: at(11) });
    second.entry = { ...second.entry, id: first.entry.id };
    await expectConflict(store().messages.insertOutbound(second));
    expect(await store().messages.get(second.message.id)).toBeNull();
    expect((await store().conversations.get(conversation.id))?.lastMessageAt).toBe(at(10));
  });

  it('lets go of the turn lease it is given, only when it writes and only the holder’s', async () => {
    const conversation = await seed({ handoff: false, coachNeededAt: null, archived: false });
    const activity = { lastMessageAt: at(10) };
    expect(await turns().acquire(conversation.id, 'A', at(30), at(0))).toBeNull();
    // Not written (the expected handoff is not stored): the lease stays with A.
    const missed = outbound(conversation, { handoff: true }, activity);
    expect(
      await store().messages.insertOutbound({ ...missed, releases: { holder: 'A', answered: 'm5' } }),
    ).toBeNull();
    expect(await turns().acquire(conversation.id, 'B', at(30), at(1))).toBe(false);
    // Written, but for another holder: the lease stays with A.
    const other = outbound(conversation, { handoff: false }, activity);
    await store().messages.insertOutbound({ ...other, releases: { holder: 'B', answered: 'm5' } });
    expect(await turns().acquire(conversation.id, 'B', at(30), at(1))).toBe(false);
    // Written by A's turn: released, its trigger recorded as answered.
    const answer = outbound(conversation, { handoff: false }, activity);
    expect(
      await store().messages.insertOutbound({ ...answer, releases: { holder: 'A', answered: 'm5' } }),
    ).not.toBeNull();
    expect(await turns().acquire(conversation.id, 'B', at(30), at(2))).toBe('m5');
  });

  // Concurrent writes (on PostgreSQL one statement may carry several conversations' writes:
  // storage/sql/outbound-batch.ts): each comes out as it would alone.
  it('writes each of many concurrent writes exactly as alone, the rule holding for each', async () => {
    const cases = await Promise.all(
      STORED.flatMap((stored) => EXPECTED.map((expected) => ({ stored, expected }))).map(async (c) => ({
        ...c,
        conversation: await seed(c.stored),
      })),
    );
    const before = await Promise.all(cases.map((c) => store().conversations.get(c.conversation.id)));
    for (const c of cases) expect(await turns().acquire(c.conversation.id, 'A', at(30), at(0))).toBeNull();
    const activity = { lastMessageAt: at(10), updatedAt: at(10) };
    const sent = cases.map((c, i) => ({
      ...outbound(c.conversation, c.expected, activity),
      // Every other write lets go of its turn's lease, held by A.
      ...(i % 2 ? { releases: { holder: 'A', answered: `m${i}` } } : {}),
    }));
    const results = await Promise.all(sent.map((write) => store().messages.insertOutbound(write)));
    let written = 0;
    for (const [i, c] of cases.entries()) {
      const label = JSON.stringify({ stored: c.stored, expected: c.expected, i });
      const write = sent[i]!;
      const released = (await turns().acquire(c.conversation.id, 'B', at(30), at(1))) !== false;
      if (writes(c.stored, c.expected)) {
        written++;
        expect(results[i], label).toEqual({ ...before[i], ...activity });
        expect(await store().conversations.get(c.conversation.id), label).toEqual(results[i]);
        expect(await store().messages.get(write.message.id), label).toEqual(write.message);
        expect(await store().outbox.get(write.entry.id), label).toEqual(write.entry);
        expect(released, label).toBe(i % 2 === 1);
      } else {
        expect(results[i], label).toBeNull();
        expect(await store().messages.get(write.message.id), label).toBeNull();
        expect(await store().outbox.get(write.entry.id), label).toBeNull();
        expect(released, label).toBe(false);
      }
    }
    expect(written).toBe(8);
  });

  it('fails only the concurrent write whose own value is refused, the others written', async () => {
    const conversations = await Promise.all(
      Array.from({ length: 10 }, () => seed({ handoff: false, coachNeededAt: null, archived: false })),
    );
    const taken = outbound(conversations[0]!, { handoff: false }, { lastMessageAt: at(5) });
    await store().messages.insertOutbound(taken);
    const sent = conversations.map((conversation) =>
      outbound(conversation, { handoff: false }, { lastMessageAt: at(10) }),
    );
    // The fifth's entry id is taken: a unique key.
    sent[4]!.entry = { ...sent[4]!.entry, id: taken.entry.id };
    const results = await Promise.allSettled(sent.map((write) => store().messages.insertOutbound(write)));
    for (const [i, result] of results.entries()) {
      if (i === 4) {
        expect(result.status).toBe('rejected');
        await expectConflict(Promise.reject((result as PromiseRejectedResult).reason));
        expect(await store().messages.get(sent[i]!.message.id)).toBeNull();
      } else {
        expect(result.status, `write ${i}`).toBe('fulfilled');
        expect(await store().messages.get(sent[i]!.message.id), `write ${i}`).toEqual(sent[i]!.message);
      }
    }
  });

  it('writes every one of several concurrent writes to one conversation, among others', async () => {
    const one = await seed({ handoff: false, coachNeededAt: null, archived: false });
    const others = await Promise.all(
      Array.from({ length: 6 }, () => seed({ handoff: false, coachNeededAt: null, archived: false })),
    );
    const sent = [one, others[0]!, one, ...others.slice(1), one].map((conversation, i) =>
      outbound(conversation, { handoff: false }, { lastMessageAt: at(10 + i) }),
    );
    const results = await Promise.all(sent.map((write) => store().messages.insertOutbound(write)));
    expect(results.every((result) => result !== null)).toBe(true);
    const stored = await store().messages.list(one.id, { limit: 10 });
    expect(stored.map((message) => message.id).sort()).toEqual(
      sent.filter((write) => write.message.conversationId === one.id).map((write) => write.message.id),
    );
    // The newest message is the preview, whatever order the writes landed in.
    const summaries = await store().inbox.summaries('agent', [one.id]);
    expect(summaries[one.id]?.lastMessage?.id).toBe(sent.at(-1)!.message.id);
  });

  it('lets one of many concurrent writes expecting the same coach mark through', async () => {
    const conversation = await seed({ handoff: false, coachNeededAt: null, archived: false });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store().messages.insertOutbound(
          outbound(
            conversation,
            { handoff: false, coachNeededAt: null },
            { lastMessageAt: at(20 + i), coachNeededAt: at(20 + i) },
          ),
        ),
      ),
    );
    const through = results.filter((result) => result !== null);
    expect(through).toHaveLength(1);
    expect(await store().messages.list(conversation.id, { limit: 20 })).toHaveLength(1);
    expect(await store().conversations.get(conversation.id)).toEqual(through[0]);
  });
}

export function describeOutbound(context: ContractContext): void {
  describe('outbound writes', () => describeOutboundWrites(context));
}
