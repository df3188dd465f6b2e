import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../core/types.js';
import { COUNT_UP_TO, type ConversationListQuery } from '../../../core/repositories-conversations.js';
import { describeGroupChats } from './group-chats.js';
import { at, type ContractContext, makeContact, makeConversation, makeMessage, newId } from './fixtures.js';

function describeConversationRecords(context: ContractContext): void {
  const conversations = () => context.store().conversations;

  it('creates and reads back every field', async () => {
    const contact = await context.store().contacts.create(makeContact());
    const conversation = makeConversation({
      kind: 'assistant',
      contactId: contact.id,
      channel: 'telegram',
      externalChatId: '-100123',
      linkId: newId(),
      mode: 'strict',
      handoff: true,
      lastMessageAt: at(3),
    });
    expect(await conversations().create(conversation)).toEqual(conversation);
    expect(await conversations().get(conversation.id)).toEqual(conversation);
    expect(await conversations().get('missing')).toBeNull();
  });

  it('applies a patch, stamping updatedAt when the patch has none', async () => {
    const conversation = await conversations().create(makeConversation());
    const patch = { title: 'Evening group', handoff: true, lastMessageAt: at(9), updatedAt: at(9) };
    expect(await conversations().update(conversation.id, patch)).toEqual({ ...conversation, ...patch });
    expect(await conversations().get(conversation.id)).toEqual({ ...conversation, ...patch });
    const released = await conversations().update(conversation.id, { handoff: false });
    expect(released).toMatchObject({ handoff: false, title: 'Evening group', lastMessageAt: at(9) });
    expect(Date.parse(released!.updatedAt)).toBeGreaterThan(Date.parse(at(9)));
    expect(await conversations().update('missing', { title: 'x' })).toBeNull();
  });

  it('touches activity and handoff without reading back, as update would write them', async () => {
    const conversation = await conversations().create(makeConversation());
    const patch = { lastMessageAt: at(4), updatedAt: at(4), handoff: true, handoffAt: at(4) };
    expect(await conversations().touch(conversation.id, patch)).toBe(true);
    expect(await conversations().get(conversation.id)).toEqual({ ...conversation, ...patch });
    expect(await conversations().touch('missing', { lastMessageAt: at(5) })).toBe(false);
    // The shape every message writes: activity alone, handoff left as it is.
    const activity = { lastMessageAt: at(6), updatedAt: at(6) };
    expect(await conversations().touch(conversation.id, activity)).toBe(true);
    expect(await conversations().get(conversation.id)).toEqual({ ...conversation, ...patch, ...activity });
    expect(await conversations().touch('missing', activity)).toBe(false);
  });

  it('lists most recently active first, filtered by kind and handoff, with totals', async () => {
    const quiet = await conversations().create(makeConversation({ createdAt: at(5) }));
    const busy = await conversations().create(makeConversation({ createdAt: at(1), lastMessageAt: at(8) }));
    const assistant = await conversations().create(
      makeConversation({ kind: 'assistant', handoff: true, createdAt: at(2), lastMessageAt: at(3) }),
    );
    expect(await conversations().list({})).toEqual({ items: [busy, quiet, assistant], total: 3 });
    expect(await conversations().list({ offset: 1, limit: 1 })).toEqual({ items: [quiet], total: 3 });
    expect(await conversations().list({ kind: 'group' })).toEqual({ items: [busy, quiet], total: 2 });
    expect(await conversations().list({ handoff: true })).toEqual({ items: [assistant], total: 1 });
    expect(await conversations().list({ handoff: false, limit: 1 })).toEqual({ items: [busy], total: 2 });
    expect(await conversations().list({ kind: 'direct' })).toEqual({ items: [], total: 0 });
  });

  it('keeps when a question was left for the coach, through update and touch, and lists those waiting', async () => {
    const store = context.store();
    const contact = await store.contacts.create(makeContact());
    const make = (overrides: Partial<Conversation>) =>
      conversations().create(makeConversation({ kind: 'assistant', contactId: contact.id, ...overrides }));
    const flagged = await make({ coachNeededAt: at(2), lastMessageAt: at(2) });
    expect(await conversations().get(flagged.id)).toEqual(flagged);
    const held = await make({ handoff: true, handoffAt: at(3), lastMessageAt: at(3) });
    const heldAnswered = await make({ handoff: true, handoffAt: at(4), lastMessageAt: at(4) });
    const touched = await make({ lastMessageAt: at(1) });
    await make({ lastMessageAt: at(5) });
    const customer = { type: 'contact' as const, id: contact.id, name: 'Jeanne' };
    await store.messages.insert(makeMessage(held.id, { sender: customer }));
    await store.messages.insert(makeMessage(heldAnswered.id, { sender: customer }));
    await store.messages.insert(makeMessage(heldAnswered.id, { sender: { type: 'coach', name: 'Coach' } }));
    expect(await conversations().touch(touched.id, { coachNeededAt: at(6), lastMessageAt: at(6) })).toBe(
      true,
    );
    expect((await conversations().get(touched.id))?.coachNeededAt).toBe(at(6));
    // Waiting: a question left for the coach, or held by the coach with the customer's message newest.
    const waiting = await conversations().list({ waiting: true });
    expect(waiting).toEqual({ items: [await conversations().get(touched.id), held, flagged], total: 3 });
    expect(await conversations().countHandoffs()).toEqual({
      handoff: 2,
      handoffMore: false,
      waiting: 3,
      waitingMore: false,
    });
    // Each figure exact up to what is asked for, and past it that bound with its flag ("3+").
    for (const upTo of [1, 2, 3, 4])
      expect(await conversations().countHandoffs(upTo), `up to ${upTo}`).toEqual({
        handoff: Math.min(2, upTo),
        handoffMore: 2 > upTo,
        waiting: Math.min(3, upTo),
        waitingMore: 3 > upTo,
      });
    const cleared = await conversations().update(flagged.id, { coachNeededAt: null });
    expect(cleared?.coachNeededAt).toBeNull();
    expect((await conversations().list({ waiting: true })).total).toBe(2);
    expect((await conversations().list({ waiting: false })).total).toBe(3);
    expect(await conversations().countHandoffs()).toEqual({
      handoff: 2,
      handoffMore: false,
      waiting: 2,
      waitingMore: false,
    });
  });

  it('counts every list up to its bound, a search and an unlimited list exactly, the dashboard up to COUNT_UP_TO', async () => {
    const n = COUNT_UP_TO + 2;
    const many = Array.from({ length: n }, (_, i) =>
      makeConversation({
        kind: 'assistant',
        title: 'Retraite',
        coachNeededAt: at(1),
        createdAt: at(2 + (i % 50)),
      }),
    );
    await conversations().createMany(many, []);
    // Every filter these conversations all pass, alone and together (the inbox's tabs).
    const shapes: ConversationListQuery[] = [
      {},
      { kinds: ['assistant'] },
      { kind: 'assistant' },
      { waiting: true },
      { handoff: false },
      { assignee: null },
      { status: 'open' },
      { kinds: ['assistant', 'group'], assignee: null, status: 'open' },
      { kinds: ['assistant'], waiting: true, handoff: false },
    ];
    for (const shape of shapes) {
      const label = JSON.stringify(shape);
      const first = await conversations().list({ ...shape, limit: 1 });
      expect([label, first.total, first.items.length]).toEqual([label, COUNT_UP_TO + 1, 1]);
      // A page past COUNT_UP_TO: the total still says there is more after it, or that it is the last.
      const late = await conversations().list({ ...shape, offset: COUNT_UP_TO - 1, limit: 2 });
      expect([label, late.total, late.items.length]).toEqual([label, COUNT_UP_TO + 2, 2]);
      const last = await conversations().list({ ...shape, offset: COUNT_UP_TO, limit: 5 });
      expect([label, last.total, last.items.length]).toEqual([label, n, 2]);
      const beyond = await conversations().list({ ...shape, offset: n + 10, limit: 5 });
      expect([label, beyond.total, beyond.items.length]).toEqual([label, n, 0]);
      const all = await conversations().list(shape);
      expect([label, all.total, all.items.length]).toEqual([label, n, n]);
    }
    // Filters none of them pass count none.
    for (const shape of [
      { handoff: true },
      { waiting: false },
      { status: 'resolved' as const },
      { kind: 'group' as const },
    ])
      expect((await conversations().list({ ...shape, limit: 1 })).total).toBe(0);
    // A search counts exactly, on its page and past its end.
    expect((await conversations().list({ query: 'retraite', limit: 1 })).total).toBe(n);
    expect((await conversations().list({ query: 'retraite', offset: n, limit: 1 })).total).toBe(n);
    expect(await conversations().countHandoffs()).toEqual({
      handoff: 0,
      handoffMore: false,
      waiting: COUNT_UP_TO,
      waitingMore: true,
    });
  });

  it('creates many conversations with their members at once, all or none', async () => {
    const store = context.store();
    const contacts = await Promise.all([0, 1, 2].map(() => store.contacts.create(makeContact())));
    const many = contacts.map((contact, i) =>
      makeConversation({
        kind: 'assistant',
        contactId: contact.id,
        channel: 'web',
        title: `T${i}`,
        createdAt: at(i),
      }),
    );
    const members = many.map((conversation) => ({
      conversationId: conversation.id,
      contactId: conversation.contactId!,
      lastReadMessageId: null,
      joinedAt: at(5),
    }));
    await store.transaction(
      async (tx) => {
        await tx.conversations.lockChats(
          'web',
          contacts.map((contact) => `contact:${contact.id}`),
        );
        await tx.conversations.createMany(many, [...members, members[0]!]);
      },
      { locking: true },
    );
    for (const [i, conversation] of many.entries()) {
      expect(await conversations().get(conversation.id)).toEqual(conversation);
      expect(await conversations().listMembers(conversation.id)).toEqual([members[i]]);
    }
    // The title is searchable as one written by `create`.
    expect((await conversations().list({ query: 't1' })).items.map((c) => c.id)).toEqual([many[1]!.id]);
    const fresh = makeConversation({ kind: 'assistant' });
    await expect(conversations().createMany([fresh, many[0]!], [])).rejects.toThrow();
    expect(await conversations().get(fresh.id)).toBeNull();
    await conversations().createMany([], []);
  });

  it('finds the newest assistant conversation of a channel chat', async () => {
    const base = { channel: 'telegram' as const, externalChatId: '555', kind: 'assistant' as const };
    await conversations().create(makeConversation({ ...base, createdAt: at(1) }));
    const newest = await conversations().create(makeConversation({ ...base, createdAt: at(4) }));
    await conversations().create(makeConversation({ ...base, kind: 'group', createdAt: at(6) }));
    await conversations().create(makeConversation({ ...base, channel: 'whatsapp', createdAt: at(7) }));
    expect(await conversations().findLatestByExternalChat('telegram', '555')).toEqual(newest);
    expect(await conversations().findLatestByExternalChat('telegram', '556')).toBeNull();
    expect(await conversations().findLatestByExternalChat('sms', '555')).toBeNull();
    // What a locking unit reads: the same conversations, inside a unit and outside one.
    await context.store().transaction(
      async (tx) => {
        expect(await tx.conversations.lockLatestByExternalChat('telegram', '555')).toEqual(newest);
        expect(await tx.conversations.lockLatestByExternalChat('telegram', '556')).toBeNull();
        expect(await tx.conversations.lock(newest.id)).toEqual(newest);
        expect(await tx.conversations.lock('missing')).toBeNull();
      },
      { locking: true },
    );
    expect(await conversations().lock(newest.id)).toEqual(newest);
    expect(await conversations().lockLatestByExternalChat('telegram', '555')).toEqual(newest);
  });

  it("lists assistant conversations whose newest message is the customer's, active since a date", async () => {
    const store = context.store();
    const contact = await store.contacts.create(makeContact());
    const make = (overrides: Partial<Conversation>) =>
      conversations().create(makeConversation({ kind: 'assistant', contactId: contact.id, ...overrides }));
    const waiting = await make({ lastMessageAt: at(3) });
    const answered = await make({ lastMessageAt: at(4) });
    const handedOff = await make({ lastMessageAt: at(5), handoff: true, handoffAt: at(5) });
    const old = await make({ lastMessageAt: at(0) });
    const group = await make({ kind: 'group', contactId: null, lastMessageAt: at(6) });
    const customer = { type: 'contact' as const, id: contact.id, name: 'Jeanne' };
    for (const conversation of [waiting, answered, handedOff, old, group]) {
      await store.messages.insert(makeMessage(conversation.id, { sender: customer }));
    }
    await store.messages.insert(makeMessage(answered.id, { sender: { type: 'assistant', name: 'Kora' } }));
    expect((await conversations().listAwaitingAnswer(at(1), 10)).map((c) => c.id)).toEqual([waiting.id]);
    expect(await conversations().listAwaitingAnswer(at(9), 10)).toEqual([]);
  });

  it('lists handed-off conversations by handoff time, before a date, oldest first', async () => {
    const old = await conversations().create(makeConversation({ handoff: true, handoffAt: at(1) }));
    const older = await conversations().create(makeConversation({ handoff: true, handoffAt: at(0) }));
    await conversations().create(makeConversation({ handoff: true, handoffAt: at(9) }));
    await conversations().create(makeConversation({ handoff: false, handoffAt: null }));
    expect(await conversations().listHandedOffBefore(at(5), 10)).toEqual([older, old]);
    expect(await conversations().listHandedOffBefore(at(5), 1)).toEqual([older]);
    const released = await conversations().update(old.id, { handoff: false, handoffAt: null });
    expect(released).toMatchObject({ handoff: false, handoffAt: null });
    expect(await conversations().listHandedOffBefore(at(5), 10)).toEqual([older]);
  });
}

function describeMembers(context: ContractContext): void {
  const conversations = () => context.store().conversations;

  async function seedMembers() {
    const [ada, bob] = [makeContact(), makeContact()];
    await context.store().contacts.create(ada);
    await context.store().contacts.create(bob);
    const conversation = await conversations().create(makeConversation());
    const member = {
      conversationId: conversation.id,
      contactId: ada.id,
      lastReadMessageId: null,
      joinedAt: at(1),
    };
    await conversations().addMember(member);
    return { ada, bob, conversation, member };
  }

  it('adds members, once each, and lists them', async () => {
    const { bob, conversation, member } = await seedMembers();
    const second = { ...member, contactId: bob.id, joinedAt: at(2) };
    await conversations().addMember(second);
    await conversations().addMember({ ...member, joinedAt: at(3) });
    expect(await conversations().listMembers(conversation.id)).toEqual([member, second]);
    expect(await conversations().isMember(conversation.id, bob.id)).toBe(true);
    expect(await conversations().isMember(conversation.id, 'stranger')).toBe(false);
    expect(await conversations().listMembers('missing')).toEqual([]);
  });

  it('moves the read marker forward only, and only for members', async () => {
    const { ada, bob, conversation } = await seedMembers();
    const [older, newer] = [newId(), newId()];
    await conversations().markRead(conversation.id, ada.id, newer);
    await conversations().markRead(conversation.id, ada.id, older);
    await conversations().markRead(conversation.id, bob.id, newer);
    expect(await conversations().listMembers(conversation.id)).toEqual([
      { conversationId: conversation.id, contactId: ada.id, lastReadMessageId: newer, joinedAt: at(1) },
    ]);
    expect(await conversations().isMember(conversation.id, bob.id)).toBe(false);
  });

  it('lists the conversations of a contact (member or customer), most recently active first', async () => {
    const { ada, bob, conversation } = await seedMembers();
    const own = await conversations().create(
      makeConversation({ kind: 'assistant', contactId: ada.id, lastMessageAt: at(5) }),
    );
    const other = await conversations().create(makeConversation({ kind: 'assistant', contactId: bob.id }));
    const group = await conversations().create(makeConversation({ createdAt: at(2) }));
    await conversations().addMember({
      conversationId: group.id,
      contactId: ada.id,
      lastReadMessageId: null,
      joinedAt: at(2),
    });
    expect(await conversations().listForContact(ada.id)).toEqual([own, group, conversation]);
    expect(await conversations().listForContact(bob.id)).toEqual([other]);
    expect(await conversations().listForContact('stranger')).toEqual([]);
  });

  it("finds each contact's most recently active assistant conversation on a channel, in one call", async () => {
    const named = (name: string) => context.store().contacts.create(makeContact({ name }));
    const [ada, bob, cleo] = [(await named('Ada')).id, (await named('Bob')).id, (await named('Cléo')).id];
    const create = (overrides: Partial<Conversation>) =>
      conversations().create(makeConversation({ kind: 'assistant', channel: 'web', ...overrides }));
    await create({ contactId: ada, lastMessageAt: at(1) });
    const adaLatest = await create({ contactId: ada, lastMessageAt: at(5) });
    const adaTelegram = await create({ contactId: ada, channel: 'telegram', lastMessageAt: at(9) });
    await create({ contactId: ada, kind: 'group', lastMessageAt: at(10) });
    const archived = await create({ contactId: ada, lastMessageAt: at(11) });
    await conversations().archive(archived.id, at(12));
    const bobs = await create({ contactId: bob });
    expect(await conversations().latestAssistantOn('web', [ada, bob, cleo])).toEqual({
      [ada]: adaLatest,
      [bob]: bobs,
    });
    expect(await conversations().latestAssistantOn('telegram', [ada, bob])).toEqual({ [ada]: adaTelegram });
    expect(await conversations().latestAssistantOn('web', [])).toEqual({});
    // Past one statement's worth of parameters, the answer is the same.
    const many = [...Array.from({ length: 1_200 }, () => newId()), bob];
    expect(await conversations().latestAssistantOn('web', many)).toEqual({ [bob]: bobs });
  });
}

export function describeConversations(context: ContractContext): void {
  describe('conversations', () => {
    describeConversationRecords(context);
    describeMembers(context);
    describeGroupChats(context);
  });
}
