import { describe, expect, it } from 'vitest';
import type { Message } from '../../../core/types.js';
import { at, type ContractContext, expectConflict, makeMessage, seedConversation } from './fixtures.js';

function describeMessageRecords(context: ContractContext): void {
  const messages = () => context.store().messages;

  it('stores every field, and leaves absent optional fields absent', async () => {
    const { contact, conversation } = await seedConversation(context.store());
    const full = makeMessage(conversation.id, {
      sender: { type: 'contact', id: contact.id, name: 'Jeanne' },
      media: [{ url: 'https://cdn.example.com/a.jpg', contentType: 'image/jpeg', name: 'a.jpg' }],
      channel: 'telegram',
      status: 'failed',
      error: { code: 'blocked', message: 'Bot was blocked' },
      externalId: 'tg-1',
      clientMessageId: 'client-1',
      guard: [{ kind: 'amount', removed: '490 CHF' }],
    });
    const bare = makeMessage(conversation.id);
    expect(await messages().insert(full)).toEqual({ message: full, duplicate: false });
    await messages().insert(bare);
    expect(await messages().get(full.id)).toStrictEqual(full);
    expect(await messages().get(bare.id)).toStrictEqual(bare);
    expect(await messages().get('missing')).toBeNull();
  });

  it('stores a dedupe key once and answers later inserts with the original', async () => {
    const { conversation } = await seedConversation(context.store());
    const original = makeMessage(conversation.id, { text: 'first' });
    const retry = makeMessage(conversation.id, { text: 'retry' });
    expect(await messages().insert(original, 'telegram:1')).toEqual({ message: original, duplicate: false });
    expect(await messages().insert(retry, 'telegram:1')).toEqual({ message: original, duplicate: true });
    expect(await messages().get(retry.id)).toBeNull();
    expect(await messages().findByDedupeKey('telegram:1')).toEqual(original);
    expect(await messages().findByDedupeKey('telegram:2')).toBeNull();
    expect(await messages().list(conversation.id, { limit: 10 })).toEqual([original]);
  });

  it('stores many messages at once, each moving its conversation as one insert would; all or none', async () => {
    const store = context.store();
    const customer = (id: string) => ({ type: 'contact' as const, id, name: 'Jeanne' });
    // Each case twice: written one by one, and all at once; the conversations must end alike.
    const cases = async () => {
      const seeds = await Promise.all([0, 1, 2, 3].map(() => seedConversation(store, { kind: 'assistant' })));
      const [coach, inbound, handoff, note] = seeds.map((seed) => seed.conversation.id) as [
        string,
        string,
        string,
        string,
      ];
      return [
        {
          message: makeMessage(coach, { text: 'From the coach' }),
          activity: { lastMessageAt: at(5), updatedAt: at(5) },
        },
        {
          message: makeMessage(inbound, { text: 'Bonjour', sender: customer(seeds[1]!.contact.id) }),
          activity: { lastMessageAt: at(6), coachNeededAt: at(6) },
        },
        {
          message: makeMessage(handoff, {
            text: 'The coach takes over',
            sender: { type: 'assistant', name: 'Kora' },
          }),
          activity: { handoff: true, handoffAt: at(7) },
        },
        { message: makeMessage(note, { text: 'A note', kind: 'note' }) },
      ];
    };
    const single = await cases();
    for (const { message, activity } of single) await messages().insert(message, undefined, activity);
    const many = await cases();
    await messages().insertMany(many);
    const stateOf = async (items: typeof single) => {
      const ids = items.map(({ message }) => message.conversationId);
      const summaries = await store.inbox.summaries('agent', ids);
      return Promise.all(
        items.map(async ({ message }) => {
          const {
            id: _id,
            createdAt: _c,
            ...conversation
          } = (await store.conversations.get(message.conversationId))!;
          const { lastMessage, conversationId: _of, ...summary } = summaries[message.conversationId]!;
          return { conversation, summary, last: lastMessage?.text ?? null };
        }),
      );
    };
    expect(await stateOf(many)).toEqual(await stateOf(single));
    for (const { message } of many) expect(await messages().get(message.id)).toStrictEqual(message);
    // Two of one conversation (written in order), and a taken id: nothing of the call is stored.
    const { conversation } = await seedConversation(store);
    const pair = [
      makeMessage(conversation.id, { text: 'one' }),
      makeMessage(conversation.id, { text: 'two' }),
    ];
    await messages().insertMany(pair.map((message) => ({ message })));
    expect((await messages().list(conversation.id, { limit: 10 })).map((m) => m.text)).toEqual([
      'one',
      'two',
    ]);
    const fresh = makeMessage(conversation.id);
    await expect(
      messages().insertMany([{ message: fresh }, { message: many[0]!.message }]),
    ).rejects.toThrow();
    expect(await messages().get(fresh.id)).toBeNull();
    await messages().insertMany([]);
  });

  it('stores messages without a dedupe key independently, but never one id twice', async () => {
    const { conversation } = await seedConversation(context.store());
    const first = makeMessage(conversation.id);
    const second = makeMessage(conversation.id);
    await messages().insert(first);
    expect(await messages().insert(second)).toEqual({ message: second, duplicate: false });
    await expectConflict(messages().insert({ ...second, text: 'again' }), 'id');
    expect(await messages().list(conversation.id, { limit: 10 })).toEqual([first, second]);
  });

  it('finds a message by channel and external id', async () => {
    const { conversation } = await seedConversation(context.store());
    const message = makeMessage(conversation.id, { channel: 'whatsapp', externalId: 'SM123' });
    await messages().insert(message);
    expect(await messages().findByExternalId('whatsapp', 'SM123')).toEqual(message);
    expect(await messages().findByExternalId('sms', 'SM123')).toBeNull();
    expect(await messages().findByExternalId('whatsapp', 'SM124')).toBeNull();
  });
}

function describeHistory(context: ContractContext): void {
  const messages = () => context.store().messages;

  async function seedHistory(count: number): Promise<{ conversationId: string; history: Message[] }> {
    const { conversation } = await seedConversation(context.store());
    const { conversation: other } = await seedConversation(context.store());
    const history: Message[] = [];
    for (let i = 0; i < count; i++) {
      history.push(makeMessage(conversation.id, { text: `m${i}`, createdAt: at(i) }));
      await messages().insert(history[i]!);
      await messages().insert(makeMessage(other.id, { createdAt: at(i) }));
    }
    return { conversationId: conversation.id, history };
  }

  it('pages backwards from the newest, each page oldest first', async () => {
    const { conversationId, history: m } = await seedHistory(5);
    expect(await messages().list(conversationId, { limit: 2 })).toEqual([m[3], m[4]]);
    expect(await messages().list(conversationId, { before: m[3]!.id, limit: 2 })).toEqual([m[1], m[2]]);
    expect(await messages().list(conversationId, { before: m[1]!.id, limit: 2 })).toEqual([m[0]]);
    expect(await messages().list(conversationId, { before: m[0]!.id, limit: 2 })).toEqual([]);
    expect(await messages().list(conversationId, { limit: 50 })).toEqual(m);
    expect(await messages().list('missing', { limit: 50 })).toEqual([]);
  });

  it('keeps the template an outbound message goes as (JSON), absent when it has none', async () => {
    const { conversation } = await seedConversation(context.store());
    const template = {
      contentSid: 'HX0123456789abcdef0123456789abcdef',
      variables: { '1': 'Ada', '2': 'lundi' },
    };
    const templated = makeMessage(conversation.id, {
      sender: { type: 'coach', id: 'admin-1', name: 'Coach' },
      channel: 'whatsapp',
      status: 'queued',
      template,
    });
    const bare = makeMessage(conversation.id, {
      template: { contentSid: 'HXffffffffffffffffffffffffffffffff' },
    });
    await messages().insert(templated);
    await messages().insert(bare);
    expect(await messages().get(templated.id)).toStrictEqual(templated);
    expect(await messages().get(bare.id)).toStrictEqual(bare);
    // A status update leaves the template as it was (a retry sends it the same way).
    const updated = await messages().updateStatus(templated.id, {
      status: 'failed',
      error: { code: '63016', message: 'outside the window' },
    });
    expect(updated?.template).toEqual(template);
  });

  it('keeps the campaign a message was sent for, absent on other messages (issue 19)', async () => {
    const { conversation } = await seedConversation(context.store());
    const sent = makeMessage(conversation.id, {
      sender: { type: 'coach', id: 'admin-1', name: 'Coach' },
      status: 'queued',
      campaignId: 'campaign-1',
    });
    const plain = makeMessage(conversation.id, { sender: { type: 'coach', name: 'Coach' } });
    await messages().insert(sent);
    await messages().insert(plain);
    expect(await messages().get(sent.id)).toStrictEqual(sent);
    expect(await messages().get(plain.id)).toStrictEqual(plain);
    expect((await messages().get(plain.id))?.campaignId).toBeUndefined();
    const listed = await messages().list(conversation.id, { limit: 10 });
    expect(listed.find((message) => message.id === sent.id)?.campaignId).toBe('campaign-1');
    const updated = await messages().updateStatus(sent.id, { status: 'sent' });
    expect(updated?.campaignId).toBe('campaign-1');
  });

  it('tells when a contact last wrote in a conversation, null when they never did', async () => {
    const { contact, conversation } = await seedConversation(context.store());
    expect(await messages().lastFromContactAt(conversation.id)).toBeNull();
    const me = { type: 'contact' as const, id: contact.id, name: 'Me' };
    await messages().insert(
      makeMessage(conversation.id, { sender: { type: 'assistant', name: 'Kora' }, createdAt: at(1) }),
    );
    expect(await messages().lastFromContactAt(conversation.id)).toBeNull();
    await messages().insert(makeMessage(conversation.id, { sender: me, createdAt: at(2) }));
    await messages().insert(makeMessage(conversation.id, { sender: me, createdAt: at(5) }));
    await messages().insert(
      makeMessage(conversation.id, {
        sender: { type: 'coach', id: 'admin-1', name: 'Coach' },
        createdAt: at(9),
      }),
    );
    expect(await messages().lastFromContactAt(conversation.id)).toBe(at(5));
    const { conversation: other } = await seedConversation(context.store());
    expect(await messages().lastFromContactAt(other.id)).toBeNull();
  });

  it('returns the last message of a conversation', async () => {
    const { conversationId, history } = await seedHistory(3);
    expect(await messages().last(conversationId)).toEqual(history[2]);
    const { conversation: empty } = await seedConversation(context.store());
    expect(await messages().last(empty.id)).toBeNull();
  });

  it('counts unread messages after a marker, leaving out those the contact sent', async () => {
    const { contact, conversation } = await seedConversation(context.store());
    const senders = [
      { type: 'contact' as const, id: contact.id, name: 'Me' },
      { type: 'coach' as const, id: 'admin-1', name: 'Coach' },
      { type: 'assistant' as const, name: 'Kora' },
      { type: 'contact' as const, id: 'someone-else', name: 'Other' },
      { type: 'contact' as const, id: contact.id, name: 'Me' },
      { type: 'system' as const, id: contact.id, name: 'System' },
    ];
    const sent: Message[] = [];
    for (const sender of senders) {
      sent.push((await messages().insert(makeMessage(conversation.id, { sender }))).message);
    }
    expect(await messages().countUnread(conversation.id, null, contact.id)).toBe(4);
    expect(await messages().countUnread(conversation.id, sent[1]!.id, contact.id)).toBe(3);
    expect(await messages().countUnread(conversation.id, sent[5]!.id, contact.id)).toBe(0);
    expect(await messages().countUnread(conversation.id, null, 'someone-else')).toBe(5);
  });

  it('counts the messages the STRICT guard changed since a date', async () => {
    const { conversation } = await seedConversation(context.store());
    const guard = [{ kind: 'amount' as const, removed: '49 CHF' }];
    await messages().insert(makeMessage(conversation.id, { guard, createdAt: at(1) }));
    await messages().insert(makeMessage(conversation.id, { guard, createdAt: at(3) }));
    await messages().insert(makeMessage(conversation.id, { createdAt: at(4) }));
    expect(await messages().countGuarded(at(0))).toBe(2);
    expect(await messages().countGuarded(at(2))).toBe(1);
    expect(await messages().countGuarded(at(5))).toBe(0);
  });
}

function describeStatus(context: ContractContext): void {
  const messages = () => context.store().messages;

  it('updates the status, external id and error of a message', async () => {
    const { conversation } = await seedConversation(context.store());
    const message = makeMessage(conversation.id, { status: 'queued' });
    await messages().insert(message);
    const error = { code: 'timeout', message: 'Provider timed out' };
    const failed = await messages().updateStatus(message.id, { status: 'failed', error });
    expect(failed).toStrictEqual({ ...message, status: 'failed', error });
    const kept = await messages().updateStatus(message.id, { status: 'failed' });
    expect(kept).toStrictEqual({ ...message, status: 'failed', error });
    const sent = await messages().updateStatus(message.id, {
      status: 'sent',
      error: null,
      externalId: 'x-1',
    });
    expect(sent).toStrictEqual({ ...message, status: 'sent', externalId: 'x-1' });
    const read = await messages().updateStatus(message.id, { status: 'read' });
    expect(read).toStrictEqual({ ...message, status: 'read', externalId: 'x-1' });
    expect(await messages().get(message.id)).toStrictEqual(read);
    expect(await messages().updateStatus('missing', { status: 'sent' })).toBeNull();
  });

  it('sets the status without reading the message back, as updateStatus would', async () => {
    const { conversation } = await seedConversation(context.store());
    const message = makeMessage(conversation.id, { status: 'queued' });
    await messages().insert(message);
    const error = { code: 'timeout', message: 'Provider timed out' };
    expect(await messages().setStatus(message.id, { status: 'failed', error })).toBe(true);
    expect(await messages().get(message.id)).toStrictEqual({ ...message, status: 'failed', error });
    expect(await messages().setStatus(message.id, { status: 'sent', error: null, externalId: 'x-2' })).toBe(
      true,
    );
    expect(await messages().get(message.id)).toStrictEqual({ ...message, status: 'sent', externalId: 'x-2' });
    expect(await messages().setStatus(message.id, { status: 'read' })).toBe(true);
    expect(await messages().get(message.id)).toStrictEqual({ ...message, status: 'read', externalId: 'x-2' });
    expect(await messages().setStatus('missing', { status: 'sent' })).toBe(false);
  });
}

export function describeMessages(context: ContractContext): void {
  describe('messages', () => {
    describeMessageRecords(context);
    describeHistory(context);
    describeStatus(context);
  });
}
