/**
 * `messages.insertInbound`: a customer's message written without a unit, only while its conversation
 * still holds what the message was decided from. Generated: every stored state against every
 * expectation; then dedupe keys and the chat's newest conversation.
 */
import { describe, expect, it } from 'vitest';
import type { InboundTarget, InboundWrite } from '../../../core/repositories.js';
import type { Contact, Conversation, Message } from '../../../core/types.js';
import {
  at,
  type ContractContext,
  expectConflict,
  makeContact,
  makeConversation,
  makeMessage,
  newId,
  seedConversation,
} from './fixtures.js';

type Stored = { handoff: boolean; coachNeededAt: string | null; archived: boolean };
type Expected = InboundWrite['expected'];

const STORED: Stored[] = [false, true].flatMap((handoff) =>
  [null, at(1)].flatMap((coachNeededAt) =>
    [false, true].map((archived) => ({ handoff, coachNeededAt, archived })),
  ),
);
const EXPECTED: Expected[] = [false, true].flatMap((handoff) =>
  [null, at(1)].map((coachNeededAt) => ({ handoff, coachNeededAt })),
);

function describeInboundWrites(context: ContractContext): void {
  const store = () => context.store();

  async function seed(stored: Stored, overrides: Partial<Conversation> = {}) {
    const seeded = await seedConversation(store(), {
      kind: 'assistant',
      handoff: stored.handoff,
      handoffAt: stored.handoff ? at(0) : null,
      coachNeededAt: stored.coachNeededAt,
      ...overrides,
    });
    if (stored.archived) await store().conversations.archive(seeded.conversation.id, at(3));
    return seeded;
  }

  function inbound(
    conversation: Conversation,
    contact: Contact,
    expected: Expected,
    extra: Partial<InboundWrite> = {},
  ): InboundWrite {
    const message = makeMessage(conversation.id, {
      sender: { type: 'contact', id: contact.id, name: contact.name },
      text: 'Bonjour, le cours de mardi a-t-il lieu ?',
      createdAt: at(10),
    });
    return {
      message,
      activity: { lastMessageAt: at(10), updatedAt: at(10) },
      expected,
      newestOfChat: false,
      ...extra,
    };
  }

  it('writes exactly when the conversation is live and holds the expected values', async () => {
    let written = 0;
    for (const stored of STORED) {
      for (const expected of EXPECTED) {
        const { conversation, contact } = await seed(stored);
        const before = await store().conversations.get(conversation.id);
        const write = inbound(conversation, contact, expected);
        const result = await store().messages.insertInbound(write);
        const label = JSON.stringify({ stored, expected });
        const rule =
          !stored.archived &&
          stored.handoff === expected.handoff &&
          stored.coachNeededAt === expected.coachNeededAt;
        if (rule) {
          written++;
          expect(result, label).toEqual({
            outcome: 'written',
            conversation: { ...before, ...write.activity },
          });
          expect(await store().conversations.get(conversation.id), label).toEqual({
            ...before,
            ...write.activity,
          });
          expect(await store().messages.get(write.message.id), label).toEqual(write.message);
          const summary = (await store().inbox.summaries('agent', [conversation.id]))[conversation.id];
          expect(summary?.lastMessage?.id, label).toBe(write.message.id);
          expect(summary?.unread, label).toBe(1);
        } else {
          expect(result, label).toEqual({ outcome: 'changed' });
          expect(await store().messages.get(write.message.id), label).toBeNull();
          if (!stored.archived)
            expect(await store().conversations.get(conversation.id), label).toEqual(before);
        }
      }
    }
    // Live, same handoff, same coach mark: 4 of the 32 cases.
    expect(written).toBe(4);
  });

  // Concurrent writes (on PostgreSQL one statement may carry several conversations' messages:
  // storage/sql/inbound-batch.ts): each comes out as it would alone.
  it('writes each of many concurrent messages exactly as alone: the rule, and a stored key', async () => {
    const cases = STORED.flatMap((stored) =>
      EXPECTED.flatMap((expected) => [false, true].map((keyStored) => ({ stored, expected, keyStored }))),
    );
    const seeded = await Promise.all(
      cases.map(async (c) => {
        const { conversation, contact } = await seed({ ...c.stored, archived: false });
        const dedupeKey = `telegram:${newId()}`;
        let first: Message | null = null;
        if (c.keyStored) {
          // Stored while the conversation was live, before it was archived (when it is).
          const { handoff, coachNeededAt } = c.stored;
          const earlier = inbound(conversation, contact, { handoff, coachNeededAt }, { dedupeKey });
          first = earlier.message;
          expect((await store().messages.insertInbound(earlier)).outcome).toBe('written');
        }
        if (c.stored.archived) await store().conversations.archive(conversation.id, at(3));
        return { ...c, conversation, contact, dedupeKey, first };
      }),
    );
    const before = await Promise.all(seeded.map((c) => store().conversations.get(c.conversation.id)));
    const writes = seeded.map((c) =>
      inbound(c.conversation, c.contact, c.expected, {
        dedupeKey: c.dedupeKey,
        activity: { lastMessageAt: at(20), updatedAt: at(20) },
      }),
    );
    const results = await Promise.all(writes.map((write) => store().messages.insertInbound(write)));
    const outcomes = { written: 0, duplicate: 0, changed: 0 };
    for (const [i, c] of seeded.entries()) {
      const label = JSON.stringify({ stored: c.stored, expected: c.expected, keyStored: c.keyStored });
      const holds =
        !c.stored.archived &&
        c.stored.handoff === c.expected.handoff &&
        c.stored.coachNeededAt === c.expected.coachNeededAt;
      const result = results[i]!;
      outcomes[result.outcome]++;
      if (holds && !c.keyStored) {
        expect(result, label).toEqual({
          outcome: 'written',
          conversation: { ...before[i], ...writes[i]!.activity },
        });
        expect(await store().conversations.get(c.conversation.id), label).toEqual(
          (result as { conversation: Conversation }).conversation,
        );
        expect(await store().messages.get(writes[i]!.message.id), label).toEqual(writes[i]!.message);
      } else {
        expect(result, label).toEqual(
          holds ? { outcome: 'duplicate', message: c.first } : { outcome: 'changed' },
        );
        expect(await store().messages.get(writes[i]!.message.id), label).toBeNull();
        if (!c.stored.archived)
          expect(await store().conversations.get(c.conversation.id), label).toEqual(before[i]);
      }
    }
    expect(outcomes).toEqual({ written: 4, duplicate: 4, changed: 56 });
  });

  it('fails only the concurrent message whose own value is refused, the others written', async () => {
    const live = { handoff: false, coachNeededAt: null, archived: false };
    const seeded = await Promise.all(Array.from({ length: 10 }, () => seed(live)));
    const expected = { handoff: false, coachNeededAt: null };
    const writes = seeded.map(({ conversation, contact }) => inbound(conversation, contact, expected));
    // The fifth's message id is taken (by a message of the first conversation).
    const taken = inbound(seeded[0]!.conversation, seeded[0]!.contact, expected);
    await store().messages.insertInbound(taken);
    writes[4] = { ...writes[4]!, message: { ...writes[4]!.message, id: taken.message.id } };
    const results = await Promise.allSettled(writes.map((write) => store().messages.insertInbound(write)));
    for (const [i, result] of results.entries()) {
      if (i === 4) {
        expect(result.status).toBe('rejected');
        await expectConflict(Promise.reject((result as PromiseRejectedResult).reason));
        expect(await store().messages.list(seeded[4]!.conversation.id, { limit: 5 })).toEqual([]);
      } else {
        expect(result.status === 'fulfilled' && result.value.outcome, `write ${i}`).toBe('written');
        expect(await store().messages.get(writes[i]!.message.id), `write ${i}`).toEqual(writes[i]!.message);
      }
    }
  });

  it('answers a stored dedupe key with the stored message and moves nothing', async () => {
    const stored = { handoff: false, coachNeededAt: null, archived: false };
    const { conversation, contact } = await seed(stored);
    const expected = { handoff: false, coachNeededAt: null };
    const first = inbound(conversation, contact, expected, { dedupeKey: 'telegram:77' });
    expect((await store().messages.insertInbound(first)).outcome).toBe('written');
    const after = await store().conversations.get(conversation.id);
    const again = inbound(conversation, contact, expected, {
      dedupeKey: 'telegram:77',
      activity: { lastMessageAt: at(20), updatedAt: at(20) },
    });
    expect(await store().messages.insertInbound(again)).toEqual({
      outcome: 'duplicate',
      message: first.message,
    });
    expect(await store().messages.get(again.message.id)).toBeNull();
    expect(await store().conversations.get(conversation.id)).toEqual(after);
    const summary = (await store().inbox.summaries('agent', [conversation.id]))[conversation.id];
    expect(summary?.unread).toBe(1);
    // A key stored, but the conversation changed meanwhile: changed (the unit decides, and finds it).
    const stale = inbound(
      conversation,
      contact,
      { handoff: true, coachNeededAt: null },
      { dedupeKey: 'telegram:77' },
    );
    expect(await store().messages.insertInbound(stale)).toEqual({ outcome: 'changed' });
  });

  it('writes to a chat’s conversation only while no newer live assistant conversation is on the chat', async () => {
    const live = { handoff: false, coachNeededAt: null, archived: false };
    const chat = { channel: 'telegram' as const, externalChatId: 'chat-9' };
    const { conversation, contact } = await seed(live, { ...chat, createdAt: at(1) });
    const expected = { handoff: false, coachNeededAt: null };
    const newest = (extra: Partial<InboundWrite> = {}) =>
      store().messages.insertInbound(
        inbound(conversation, contact, expected, { newestOfChat: true, ...extra }),
      );
    // A group and an archived conversation of the chat, both newer, do not count.
    await store().conversations.create(makeConversation({ kind: 'group', ...chat, createdAt: at(2) }));
    const archived = await store().conversations.create(
      makeConversation({ kind: 'assistant', ...chat, createdAt: at(3) }),
    );
    await store().conversations.archive(archived.id, at(4));
    expect((await newest()).outcome).toBe('written');
    // A newer live one does (a link code opened it meanwhile); without the check, it is written.
    await store().conversations.create(makeConversation({ kind: 'assistant', ...chat, createdAt: at(5) }));
    expect(await newest()).toEqual({ outcome: 'changed' });
    expect((await newest({ newestOfChat: false })).outcome).toBe('written');
  });
}

/**
 * `insertInbound` with `takeTurn`: the conversation's turn lease taken by the same write, as
 * `turns.acquireAfter` would take it with the message as the trigger, and only when the message is
 * written. Every lease state (none, free, held by the taker, held by another, expired) against every
 * outcome of the write (written, duplicate, changed).
 */
function describeInboundTurns(context: ContractContext): void {
  const store = () => context.store();
  const live = { handoff: false, coachNeededAt: null, archived: false };
  const holds = { handoff: false, coachNeededAt: null };
  const customerMessage = (conversation: Conversation, contact: Contact, text: string) =>
    makeMessage(conversation.id, {
      sender: { type: 'contact', id: contact.id, name: contact.name },
      text,
      createdAt: at(10),
    });

  /** Message `i`, written while its conversation holds, taking the turn's lease for holder `P<i>`. */
  const takingTurn = (conversation: Conversation, contact: Contact, i: number): InboundWrite => ({
    message: customerMessage(conversation, contact, `message ${i}`),
    activity: { lastMessageAt: at(10), updatedAt: at(10) },
    expected: holds,
    newestOfChat: false,
    takeTurn: { holder: `P${i}`, until: at(20), now: at(9) },
  });

  /** The lease before the write: none yet, let go (recording an answer), P1's, or P2's until at(8). */
  type LeaseState = 'none' | 'free' | 'mine' | 'other';
  const STATES: LeaseState[] = ['none', 'free', 'mine', 'other'];
  const OUTCOMES = ['written', 'duplicate', 'changed'] as const;

  async function leaseIn(conversationId: string, state: LeaseState): Promise<void> {
    if (state === 'none') return;
    const holder = state === 'other' ? 'P2' : 'P1';
    expect(await store().turns.acquire(conversationId, holder, at(8), at(0))).toBeNull();
    if (state === 'free') await store().turns.release(conversationId, holder, 'answered-before');
  }

  it('takes the lease exactly when the message is written and the lease is free, expired or the taker’s', async () => {
    let taken = 0;
    for (const state of STATES) {
      for (const outcome of OUTCOMES) {
        // at(7): P2's lease holds; at(9): it ran out.
        for (const now of [at(7), at(9)]) {
          const label = JSON.stringify({ state, outcome, now });
          const { conversation, contact } = await seed(live);
          const dedupeKey = `telegram:${newId()}`;
          if (outcome === 'duplicate') {
            const first = await store().messages.insertInbound({
              message: customerMessage(conversation, contact, 'first'),
              dedupeKey,
              activity: { lastMessageAt: at(10), updatedAt: at(10) },
              expected: holds,
              newestOfChat: false,
            });
            expect(first, label).not.toHaveProperty('turn');
          }
          await leaseIn(conversation.id, state);
          const before = await store().conversations.get(conversation.id);
          const result = await store().messages.insertInbound({
            message: customerMessage(conversation, contact, 'Combien coûte le cours ?'),
            dedupeKey,
            activity: { lastMessageAt: at(10), updatedAt: at(10) },
            expected: outcome === 'changed' ? { handoff: true, coachNeededAt: null } : holds,
            newestOfChat: false,
            takeTurn: { holder: 'P1', until: at(20), now },
          });
          const takes = outcome === 'written' && !(state === 'other' && now === at(7));
          if (outcome === 'written') {
            expect(result, label).toEqual({
              outcome: 'written',
              conversation: { ...before, lastMessageAt: at(10), updatedAt: at(10) },
              turn: takes
                ? { answered: state === 'free' ? 'answered-before' : null, newerFromContacts: [] }
                : false,
            });
          } else {
            expect(result.outcome, label).toBe(outcome);
            expect(result, label).not.toHaveProperty('turn');
          }
          // P1 holds it now exactly when it took it or held it already (renew answers whether it holds).
          expect(await store().turns.renew(conversation.id, 'P1', at(20)), label).toBe(
            takes || state === 'mine',
          );
          // And P2 still holds its lease when it was not taken from it.
          if (state === 'other' && !takes)
            expect(await store().turns.renew(conversation.id, 'P2', at(8)), label).toBe(true);
          if (takes) taken++;
        }
      }
    }
    // Written in 4 states × 2 times; taken in all but P2's lease before it ran out.
    expect(taken).toBe(7);
  });

  it('tells the turn of the customer messages stored after its message, as acquireAfter does', async () => {
    const { conversation, contact } = await seed(live);
    const trigger = customerMessage(conversation, contact, 'first');
    // Stored before the trigger's write but with later ids: another process's burst.
    const later = (text: string, overrides: Partial<Message> = {}) =>
      store().messages.insert(
        makeMessage(conversation.id, {
          sender: { type: 'contact', id: contact.id, name: contact.name },
          text,
          ...overrides,
        }),
      );
    await later('second');
    await later('an answer', { sender: { type: 'assistant', name: 'Kora' } });
    await later('a note', { sender: { type: 'coach', id: 'u1', name: 'Coach' }, kind: 'note' });
    await later('STOP');
    const result = await store().messages.insertInbound({
      message: trigger,
      activity: { lastMessageAt: at(10), updatedAt: at(10) },
      expected: holds,
      newestOfChat: false,
      takeTurn: { holder: 'P1', until: at(20), now: at(9) },
    });
    expect(result.outcome === 'written' && result.turn).toEqual({
      answered: null,
      newerFromContacts: ['second', 'STOP'],
    });
    expect(await store().turns.acquireAfter(conversation.id, 'P1', at(20), at(9), trigger.id)).toEqual({
      answered: null,
      newerFromContacts: ['second', 'STOP'],
    });
  });

  it('takes each lease of many concurrent messages exactly as alone, in every lease state', async () => {
    // One `now` per round: a statement of several messages reads one (inbound-batch.ts).
    for (const now of [at(7), at(9)]) {
      const cases = STATES.flatMap((state) => OUTCOMES.map((outcome) => ({ state, outcome })));
      const seeded = await Promise.all(
        cases.map(async (c) => {
          const { conversation, contact } = await seed(live);
          const dedupeKey = `telegram:${newId()}`;
          if (c.outcome === 'duplicate')
            await store().messages.insertInbound({
              message: customerMessage(conversation, contact, 'first'),
              dedupeKey,
              activity: { lastMessageAt: at(10), updatedAt: at(10) },
              expected: holds,
              newestOfChat: false,
            });
          await leaseIn(conversation.id, c.state);
          return { ...c, conversation, contact, dedupeKey };
        }),
      );
      const results = await Promise.all(
        seeded.map((c) =>
          store().messages.insertInbound({
            message: customerMessage(c.conversation, c.contact, 'Combien coûte le cours ?'),
            dedupeKey: c.dedupeKey,
            activity: { lastMessageAt: at(10), updatedAt: at(10) },
            expected: c.outcome === 'changed' ? { handoff: true, coachNeededAt: null } : holds,
            newestOfChat: false,
            takeTurn: { holder: 'P1', until: at(20), now },
          }),
        ),
      );
      for (const [i, c] of seeded.entries()) {
        const label = JSON.stringify({ state: c.state, outcome: c.outcome, now });
        const result = results[i]!;
        const takes = c.outcome === 'written' && !(c.state === 'other' && now === at(7));
        expect(result.outcome, label).toBe(c.outcome);
        if (result.outcome === 'written')
          expect(result.turn, label).toEqual(
            takes
              ? { answered: c.state === 'free' ? 'answered-before' : null, newerFromContacts: [] }
              : false,
          );
        else expect(result, label).not.toHaveProperty('turn');
        expect(await store().turns.renew(c.conversation.id, 'P1', at(20)), label).toBe(
          takes || c.state === 'mine',
        );
      }
    }
  });

  it('gives each conversation’s lease to one message when several conversations’ arrive at once', async () => {
    const shared = await seed(live);
    const others = await Promise.all(Array.from({ length: 6 }, () => seed(live)));
    const targets = [shared, others[0]!, shared, ...others.slice(1), shared];
    const results = await Promise.all(
      targets.map(({ conversation, contact }, i) =>
        store().messages.insertInbound(takingTurn(conversation, contact, i)),
      ),
    );
    expect(results.map((r) => r.outcome)).toEqual(Array(targets.length).fill('written'));
    const taken = results.map((r) => r.outcome === 'written' && r.turn !== false);
    const onShared = taken.filter((t, i) => t && targets[i] === shared);
    expect(onShared).toHaveLength(1);
    expect(taken.filter((t, i) => t && targets[i] !== shared)).toHaveLength(others.length);
    expect(await store().messages.list(shared.conversation.id, { limit: 20 })).toHaveLength(3);
  });

  it('gives the lease to exactly one of many messages written at once by different holders', async () => {
    const { conversation, contact } = await seed(live);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store().messages.insertInbound(takingTurn(conversation, contact, i)),
      ),
    );
    expect(results.map((r) => r.outcome)).toEqual(Array(8).fill('written'));
    const turns = results.map((r) => (r.outcome === 'written' ? r.turn : undefined));
    expect(turns.filter((turn) => turn !== false)).toHaveLength(1);
    expect(await store().messages.list(conversation.id, { limit: 20 })).toHaveLength(8);
  });

  async function seed(stored: Stored) {
    return seedConversation(store(), {
      kind: 'assistant',
      handoff: stored.handoff,
      coachNeededAt: stored.coachNeededAt,
    });
  }
}

/**
 * `messages.readInbound` against the reads it stands for (`contacts.findByIdentity`, then
 * `conversations.get` or `findLatestByExternalChat`), for every identity and target below: a chat's
 * conversations of every kind, state and age, on its channel and another.
 */
function describeInboundReads(context: ContractContext): void {
  const store = () => context.store();

  it('reads the contact and the conversation as the separate reads do, for every identity and target, alone and all at once', async () => {
    const contact = await store().contacts.create(makeContact({ name: 'Léa', tags: ['yoga'] }));
    await store().contacts.addIdentity({
      channel: 'telegram',
      externalId: 'tg-1',
      contactId: contact.id,
      createdAt: at(0),
    });
    const chat = (externalChatId: string, overrides: Partial<Parameters<typeof makeConversation>[0]>) =>
      store().conversations.create(
        makeConversation({ kind: 'assistant', channel: 'telegram', externalChatId, ...overrides }),
      );
    // chat-a: an older and a newer live assistant conversation, a newest group, a newest archived one.
    const older = await chat('chat-a', { contactId: contact.id, createdAt: at(1), handoff: true });
    const newer = await chat('chat-a', { contactId: contact.id, createdAt: at(2), coachNeededAt: at(3) });
    await chat('chat-a', { kind: 'group', createdAt: at(4) });
    const archived = await chat('chat-a', { contactId: contact.id, createdAt: at(5) });
    await store().conversations.archive(archived.id, at(6));
    // chat-b: two live ones created at the same time (the greater id is the newest); chat-c: only on web.
    const twinA = await chat('chat-b', { createdAt: at(7) });
    const twinB = await chat('chat-b', { createdAt: at(7) });
    await chat('chat-c', { channel: 'web' });
    const targets: InboundTarget[] = [
      ...[older, newer, archived, twinA, twinB].map((c) => ({ conversationId: c.id })),
      { conversationId: 'no-such-conversation' },
      ...['chat-a', 'chat-b', 'chat-c', 'chat-none'].map((chatId) => ({ chatId })),
    ];
    const identities = [
      ['telegram', 'tg-1'],
      ['telegram', 'tg-unknown'],
      ['web', 'tg-1'],
    ] as const;
    let found = 0;
    const cases: {
      channel: (typeof identities)[number][0];
      externalId: string;
      target: InboundTarget;
      expected: unknown;
      label: string;
    }[] = [];
    for (const [channel, externalId] of identities) {
      for (const target of targets) {
        const expected = {
          contact: await store().contacts.findByIdentity(channel, externalId),
          conversation:
            'conversationId' in target
              ? await store().conversations.get(target.conversationId)
              : await store().conversations.findLatestByExternalChat('telegram', target.chatId),
        };
        const label = JSON.stringify({ channel, externalId, target });
        // By chat, the channel is the sender's: an identity on another channel reads that channel's chat.
        if (channel !== 'telegram' && 'chatId' in target) {
          expected.conversation = await store().conversations.findLatestByExternalChat(
            channel,
            target.chatId,
          );
        }
        expect(await store().messages.readInbound(channel, externalId, target), label).toEqual(expected);
        cases.push({ channel, externalId, target, expected, label });
        if (expected.contact && expected.conversation) found++;
      }
    }
    // All at once (on PostgreSQL one statement may carry several reads: storage/sql/inbound-reads.ts).
    const together = await Promise.all(
      cases.map((c) => store().messages.readInbound(c.channel, c.externalId, c.target)),
    );
    for (const [i, c] of cases.entries()) expect(together[i], `${c.label} at once`).toEqual(c.expected);
    // Both found: the four live conversations by id and chat-a's and chat-b's newest, for the one identity.
    expect(found).toBe(6);
    expect(
      (await store().messages.readInbound('telegram', 'tg-1', { chatId: 'chat-a' })).conversation?.id,
    ).toBe(newer.id);
    const twins = [twinA.id, twinB.id].sort();
    expect((await store().messages.readInbound('telegram', 'x', { chatId: 'chat-b' })).conversation?.id).toBe(
      twins[1],
    );
  });
}

export function describeInbound(context: ContractContext): void {
  describe('inbound writes', () => describeInboundWrites(context));
  describe('inbound reads', () => describeInboundReads(context));
  describe('inbound writes taking the turn lease', () => describeInboundTurns(context));
}
