/** Issue 19, the coach's inbox: previews, unread per agent, notes, assignment, status, canned and scheduled replies. */
import { describe, expect, it } from 'vitest';
import type { ScheduledMessage } from '../../../core/inbox-types.js';
import { makeCampaign, makeDelivery } from './campaigns.js';
import {
  at,
  type ContractContext,
  expectConflict,
  makeMessage,
  newId,
  searchPassages,
  seedConversation,
} from './fixtures.js';

export function makeScheduled(
  conversationId: string,
  overrides: Partial<ScheduledMessage> = {},
): ScheduledMessage {
  return {
    id: newId(),
    conversationId,
    text: 'Later',
    sendAt: at(60),
    status: 'scheduled',
    authorId: 'u1',
    authorName: 'Coach',
    messageId: null,
    error: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function describeRows(context: ContractContext): void {
  const store = () => context.store();

  it("writes a message's conversation activity with it, only the fields given, and not for a duplicate", async () => {
    const { contact, conversation } = await seedConversation(store(), { kind: 'assistant' });
    const from = { type: 'contact' as const, id: contact.id, name: 'Jeanne' };
    const first = makeMessage(conversation.id, { sender: from, text: 'Hi' });
    await store().messages.insert(first, 'web:activity', {
      lastMessageAt: at(5),
      updatedAt: at(5),
      coachNeededAt: at(5),
    });
    expect(await store().conversations.get(conversation.id)).toMatchObject({
      lastMessageAt: at(5),
      updatedAt: at(5),
      coachNeededAt: at(5),
      handoff: conversation.handoff,
      handoffAt: conversation.handoffAt,
    });
    // A duplicate writes nothing: not the message, not its activity.
    const again = makeMessage(conversation.id, { sender: from, text: 'Hi' });
    const duplicate = await store().messages.insert(again, 'web:activity', { lastMessageAt: at(9) });
    expect(duplicate).toMatchObject({ duplicate: true, message: { id: first.id } });
    expect((await store().conversations.get(conversation.id))!.lastMessageAt).toBe(at(5));
    // A handoff, and the wait cleared, with an answer; the count of the customer's messages stays.
    const answer = makeMessage(conversation.id, { sender: { type: 'coach', id: 'u1', name: 'Lina' } });
    await store().messages.insert(answer, undefined, {
      handoff: true,
      handoffAt: at(7),
      coachNeededAt: null,
      lastMessageAt: at(7),
    });
    expect(await store().conversations.get(conversation.id)).toMatchObject({
      handoff: true,
      handoffAt: at(7),
      coachNeededAt: null,
      lastMessageAt: at(7),
      updatedAt: at(5),
    });
    const summary = (await store().inbox.summaries('u1', [conversation.id]))[conversation.id]!;
    expect(summary).toMatchObject({ unread: 1, lastMessage: { id: answer.id } });
    // A note moves no preview and no count, but the activity given with it is written.
    const note = makeMessage(conversation.id, {
      kind: 'note',
      sender: { type: 'coach', id: 'u1', name: 'Lina' },
    });
    await store().messages.insert(note, undefined, { updatedAt: at(8) });
    expect((await store().conversations.get(conversation.id))!.updatedAt).toBe(at(8));
    expect((await store().inbox.summaries('u1', [conversation.id]))[conversation.id]).toMatchObject({
      unread: 1,
      lastMessage: { id: answer.id },
    });
  });

  it('keeps each conversation’s newest message and its unread count per agent', async () => {
    const { contact, conversation } = await seedConversation(store(), { kind: 'assistant' });
    const from = { type: 'contact' as const, id: contact.id, name: 'Jeanne' };
    expect((await store().inbox.summaries('u1', [conversation.id]))[conversation.id]).toMatchObject({
      lastMessage: null,
      unread: 0,
      status: 'open',
      assigneeId: null,
    });
    await store().messages.insert(makeMessage(conversation.id, { sender: from, text: 'Hi' }));
    const long = `Bonjour\n${'é'.repeat(200)}`;
    const newest = makeMessage(conversation.id, { sender: from, text: long });
    await store().messages.insert(newest, 'web:2');
    // The same key again stores nothing and counts nothing.
    await store().messages.insert(makeMessage(conversation.id, { sender: from }), 'web:2');
    const summary = (await store().inbox.summaries('u1', [conversation.id, 'missing']))[conversation.id]!;
    expect(summary.lastMessage).toEqual({
      id: newest.id,
      senderType: 'contact',
      senderName: 'Jeanne',
      text: `Bonjour ${'é'.repeat(132)}`,
    });
    expect(summary.unread).toBe(2);
    expect(await store().inbox.countUnread('u1', ['assistant', 'group'], 100)).toBe(1);
    expect(await store().inbox.markRead('u1', conversation.id, at(5))).toBe(true);
    expect(await store().inbox.markRead('u1', 'missing', at(5))).toBe(false);
    await store().messages.insert(makeMessage(conversation.id, { sender: { type: 'coach', name: 'Ann' } }));
    const after = await store().inbox.summaries('u1', [conversation.id]);
    expect(after[conversation.id]!.unread).toBe(0);
    expect(after[conversation.id]!.lastMessage?.senderType).toBe('coach');
    // Another agent has read nothing yet.
    expect((await store().inbox.summaries('u2', [conversation.id]))[conversation.id]!.unread).toBe(2);
    expect(await store().inbox.countUnread('u1', ['assistant'], 100)).toBe(0);
    expect(await store().inbox.countUnread('u2', ['group'], 100)).toBe(0);
  });

  it('counts unread conversations up to the limit, and reads from several tabs never move back', async () => {
    for (let i = 0; i < 3; i++) {
      const { contact, conversation } = await seedConversation(store());
      await store().messages.insert(
        makeMessage(conversation.id, { sender: { type: 'contact', id: contact.id, name: 'J' } }),
      );
      await Promise.all(
        Array.from({ length: 5 }, () => store().inbox.markRead('u1', conversation.id, at(1))),
      );
    }
    expect(await store().inbox.countUnread('u1', ['group'], 100)).toBe(0);
    expect(await store().inbox.countUnread('u2', ['group'], 2)).toBe(2);
  });

  it('keeps private notes out of every reader but the coach’s thread', async () => {
    const { contact, conversation } = await seedConversation(store(), { kind: 'assistant' });
    const said = makeMessage(conversation.id, { sender: { type: 'contact', id: contact.id, name: 'J' } });
    await store().messages.insert(said);
    const note = makeMessage(conversation.id, {
      kind: 'note',
      sender: { type: 'coach', id: 'u1', name: 'Ann' },
    });
    await store().messages.insert(note);
    expect(await store().messages.get(note.id)).toStrictEqual(note);
    expect(await store().messages.list(conversation.id, { limit: 10 })).toEqual([said]);
    expect(await store().messages.list(conversation.id, { limit: 10, includeNotes: true })).toEqual([
      said,
      note,
    ]);
    expect(await store().messages.last(conversation.id)).toEqual(said);
    expect(await store().messages.countUnread(conversation.id, said.id, contact.id)).toBe(0);
    const summary = (await store().inbox.summaries('u1', [conversation.id]))[conversation.id]!;
    expect(summary.lastMessage?.id).toBe(said.id);
    expect(await store().inbox.notes([conversation.id, 'other'], 5)).toEqual([note]);
  });
}

function describeAssignment(context: ContractContext): void {
  const store = () => context.store();

  it('assigns, filters mine / unassigned, and resolves once; a customer message reopens', async () => {
    const a = (await seedConversation(store())).conversation;
    const { contact, conversation: b } = await seedConversation(store());
    expect(await store().inbox.assign(a.id, 'u1')).toBe(true);
    expect(await store().inbox.assign('missing', 'u1')).toBe(false);
    const ids = async (query: object) => (await store().conversations.list(query)).items.map((c) => c.id);
    expect(await ids({ assignee: 'u1' })).toEqual([a.id]);
    expect(await ids({ assignee: null })).toEqual([b.id]);
    const attempts = await Promise.all(
      Array.from({ length: 6 }, () => store().inbox.setStatus(b.id, 'resolved', at(3))),
    );
    expect(attempts.filter(Boolean)).toHaveLength(1);
    expect(await ids({ status: 'resolved' })).toEqual([b.id]);
    expect((await store().inbox.summaries('u1', [b.id]))[b.id]).toMatchObject({
      status: 'resolved',
      resolvedAt: at(3),
    });
    await store().messages.insert(makeMessage(b.id, { sender: { type: 'coach', name: 'Ann' } }));
    expect(await ids({ status: 'resolved' })).toEqual([b.id]);
    await store().messages.insert(
      makeMessage(b.id, { sender: { type: 'contact', id: contact.id, name: 'J' } }),
    );
    expect(await ids({ status: 'resolved' })).toEqual([]);
    expect((await store().inbox.summaries('u1', [b.id]))[b.id]).toMatchObject({
      status: 'open',
      resolvedAt: null,
    });
    expect(await store().inbox.assign(a.id, null)).toBe(true);
    expect((await ids({ assignee: null })).sort()).toEqual([a.id, b.id].sort());
  });

  it('lists the campaigns a contact received, newest first', async () => {
    const campaign = await store().campaigns.create(makeCampaign({ name: 'Spring' }));
    await store().deliveries.insertMany([
      makeDelivery(campaign.id, { recipientId: 'c1', status: 'sent', updatedAt: at(2) }),
      makeDelivery(campaign.id, { recipientId: 'c1', slot: 1, status: 'skipped', updatedAt: at(4) }),
      makeDelivery(campaign.id, { recipientId: 'c2', status: 'sent' }),
    ]);
    const received = await store().inbox.campaignsReceived('c1', 10);
    expect(received.map((r) => [r.name, r.status, r.at])).toEqual([
      ['Spring', 'skipped', at(4)],
      ['Spring', 'sent', at(2)],
    ]);
    expect(await store().inbox.campaignsReceived('c1', 1)).toHaveLength(1);
  });

  it('names the newest message matching a search in each listed conversation, and reads them by id', async () => {
    const { conversation } = await seedConversation(store());
    const other = (await seedConversation(store())).conversation;
    await store().messages.insert(makeMessage(conversation.id, { text: 'Le cours de yoga est complet' }));
    const newest = makeMessage(conversation.id, { text: 'Un autre cours de Yôga demain' });
    await store().messages.insert(newest);
    await store().messages.insert(makeMessage(conversation.id, { text: 'Rien à voir' }));
    await store().messages.insert(makeMessage(other.id, { text: 'Pilates' }));
    const page = await store().conversations.list({ query: 'yog' });
    expect(page.items.map((c) => c.id)).toEqual([conversation.id]);
    expect(page.matches).toEqual({ [conversation.id]: newest.id });
    const found = await searchPassages(store(), 'yog');
    expect(Object.keys(found)).toEqual([conversation.id]);
    expect(found[conversation.id]).toEqual(await store().messages.get(newest.id));
    // Both listed by their title: no message matched.
    const titled = await store().conversations.list({ query: 'morning' });
    expect([titled.total, titled.matches]).toEqual([2, {}]);
    // No search: no matches named.
    expect((await store().conversations.list({ query: '  ' })).matches).toBeUndefined();
    expect(await store().inbox.matches([])).toEqual({});
    expect(await store().inbox.matches(['missing'])).toEqual({});
  });
}

function describeReplies(context: ContractContext): void {
  const store = () => context.store();

  it('keeps canned replies with a shortcut unique ignoring case', async () => {
    const reply = {
      id: newId(),
      shortcut: 'price',
      text: 'Hi {firstName}',
      createdAt: at(0),
      updatedAt: at(0),
    };
    await store().cannedReplies.create(reply);
    await expectConflict(
      store().cannedReplies.create({ ...reply, id: newId(), shortcut: 'Price' }),
      'shortcut',
    );
    expect(await store().cannedReplies.list()).toEqual([reply]);
  });

  it('sends a scheduled message once and never a cancelled one', async () => {
    const { conversation } = await seedConversation(store());
    const first = await store().scheduledMessages.create(makeScheduled(conversation.id));
    const second = await store().scheduledMessages.create(makeScheduled(conversation.id, { sendAt: at(30) }));
    expect((await store().scheduledMessages.listForConversation(conversation.id)).map((s) => s.id)).toEqual([
      second.id,
      first.id,
    ]);
    const claims = await Promise.all(
      Array.from({ length: 6 }, () => store().scheduledMessages.claim(first.id, at(61), at(59))),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store().scheduledMessages.cancel(first.id, at(61))).toBe(false);
    // Its sender died: after the stale time another takes it over.
    expect(await store().scheduledMessages.claim(first.id, at(70), at(60))).toBeNull();
    expect((await store().scheduledMessages.claim(first.id, at(70), at(62)))?.status).toBe('sending');
    await store().scheduledMessages.markSent(first.id, 'm1', at(71));
    expect(await store().scheduledMessages.get(first.id)).toMatchObject({ status: 'sent', messageId: 'm1' });
    const cancels = await Promise.all(
      Array.from({ length: 4 }, () => store().scheduledMessages.cancel(second.id, at(10))),
    );
    expect(cancels.filter(Boolean)).toHaveLength(1);
    expect(await store().scheduledMessages.claim(second.id, at(31), at(30))).toBeNull();
    expect(await store().scheduledMessages.listPending(10)).toEqual([]);
    const failing = await store().scheduledMessages.create(makeScheduled(conversation.id));
    await store().scheduledMessages.markFailed(failing.id, { code: 'x', message: 'y' }, at(2));
    expect(await store().scheduledMessages.listForConversation(conversation.id)).toMatchObject([
      { id: failing.id, status: 'failed', error: { code: 'x', message: 'y' } },
    ]);
  });
}

export function describeInbox(context: ContractContext): void {
  describe('inbox rows', () => describeRows(context));
  describe('inbox assignment and status', () => describeAssignment(context));
  describe('canned and scheduled replies', () => describeReplies(context));
}
