import { describe, expect, it } from 'vitest';
import { at, type ContractContext, makeContact, makeConversation, makeMessage } from './fixtures.js';

/** Groups (archive, members), direct-pair lookups, the inbox search and contact merges. */
export function describeCommunity(context: ContractContext): void {
  const store = () => context.store();
  const member = (conversationId: string, contactId: string, joinedAt = at(0)) => ({
    conversationId,
    contactId,
    lastReadMessageId: null,
    joinedAt,
  });

  describe('groups and members', () => {
    it('removes and counts members', async () => {
      const [a, b] = [
        await store().contacts.create(makeContact()),
        await store().contacts.create(makeContact()),
      ];
      const group = await store().conversations.create(makeConversation());
      await store().conversations.addMember(member(group.id, a.id));
      await store().conversations.addMember(member(group.id, b.id));
      expect(await store().conversations.countMembers(group.id)).toBe(2);
      expect(await store().conversations.removeMember(group.id, a.id)).toBe(true);
      expect(await store().conversations.removeMember(group.id, a.id)).toBe(false);
      expect(await store().conversations.isMember(group.id, a.id)).toBe(false);
      expect(await store().conversations.countMembers(group.id)).toBe(1);
    });

    it('archives: get, lists and lookups no longer see it, its messages stay', async () => {
      const contact = await store().contacts.create(makeContact());
      const group = await store().conversations.create(
        makeConversation({ channel: 'telegram', externalChatId: '-42' }),
      );
      await store().conversations.addMember(member(group.id, contact.id));
      const message = makeMessage(group.id, { text: 'archived words' });
      await store().messages.insert(message);
      expect(await store().conversations.archive(group.id, at(5))).toBe(true);
      expect(await store().conversations.archive(group.id, at(6))).toBe(false);
      expect(await store().conversations.archive('missing', at(6))).toBe(false);
      expect(await store().conversations.get(group.id)).toBeNull();
      expect((await store().conversations.list({})).total).toBe(0);
      expect(await store().conversations.listForContact(contact.id)).toEqual([]);
      expect(await store().conversations.findByExternalChat('telegram', '-42', 'group')).toBeNull();
      expect((await store().conversations.list({ query: 'archived' })).total).toBe(0);
      expect(await store().messages.get(message.id)).toEqual(message);
    });

    it('finds a conversation by channel chat and kind', async () => {
      const base = { channel: 'web' as const, externalChatId: 'direct:a:b' };
      const direct = await store().conversations.create(makeConversation({ ...base, kind: 'direct' }));
      await store().conversations.create(makeConversation({ ...base, kind: 'group', createdAt: at(3) }));
      expect(await store().conversations.findByExternalChat('web', 'direct:a:b', 'direct')).toEqual(direct);
      expect(await store().conversations.findByExternalChat('web', 'direct:a:c', 'direct')).toBeNull();
      expect(await store().conversations.findByExternalChat('telegram', 'direct:a:b', 'direct')).toBeNull();
    });
  });

  describe('inbox search', () => {
    async function seed() {
      const aicha = await store().contacts.create(
        makeContact({ name: 'Aïcha Benali', email: 'aicha@example.com' }),
      );
      const withAicha = await store().conversations.create(
        makeConversation({ kind: 'assistant', contactId: aicha.id, title: 'Aïcha Benali · Website' }),
      );
      const yoga = await store().conversations.create(
        makeConversation({ title: 'Yoga du matin', createdAt: at(1) }),
      );
      const direct = await store().conversations.create(
        makeConversation({ kind: 'direct', title: 'Direct' }),
      );
      await store().messages.insert(
        makeMessage(withAicha.id, { text: 'Bonjour, le cours de Pilates est-il complet ?' }),
      );
      await store().messages.insert(makeMessage(yoga.id, { text: 'Rendez-vous à la plage demain' }));
      await store().messages.insert(makeMessage(direct.id, { text: 'Pilates secret' }));
      return { withAicha, yoga, direct };
    }
    const ids = async (query: Parameters<ReturnType<typeof store>['conversations']['list']>[0]) =>
      (await store().conversations.list(query)).items.map((c) => c.id).sort();

    it('finds message words ignoring case and accents, as prefixes', async () => {
      const { withAicha, yoga, direct } = await seed();
      expect(await ids({ query: 'pilates' })).toEqual([withAicha.id, direct.id].sort());
      expect(await ids({ query: 'PILAT' })).toEqual([withAicha.id, direct.id].sort());
      expect(await ids({ query: 'rendez vous a la PLAGE' })).toEqual([yoga.id]);
      expect(await ids({ query: 'complet pilates' })).toEqual([withAicha.id]);
      expect(await ids({ query: 'nowhere' })).toEqual([]);
    });

    it('finds titles and customers ignoring accents, and takes FTS syntax as plain text', async () => {
      const { withAicha, yoga } = await seed();
      expect(await ids({ query: 'aicha' })).toEqual([withAicha.id]);
      expect(await ids({ query: 'AICHA@EXAMPLE' })).toEqual([withAicha.id]);
      expect(await ids({ query: 'YOGA DU' })).toEqual([yoga.id]);
      expect(await ids({ query: '"pilates" OR NEAR(' })).toEqual([]);
      expect(await ids({ query: '*' })).toEqual([]);
    });

    it('combines the search with kinds and counts the total', async () => {
      const { withAicha, direct } = await seed();
      expect(await ids({ query: 'pilates', kinds: ['assistant', 'group'] })).toEqual([withAicha.id]);
      expect(await ids({ query: 'pilates', kind: 'direct' })).toEqual([direct.id]);
      expect(await store().conversations.list({ kinds: ['group', 'assistant'], limit: 1 })).toMatchObject({
        total: 2,
      });
    });

    it('sees messages stored after an earlier search', async () => {
      const { yoga } = await seed();
      expect(await ids({ query: 'tournesol' })).toEqual([]);
      await store().messages.insert(makeMessage(yoga.id, { text: 'Le tournesol est fleuri' }));
      expect(await ids({ query: 'tournesol' })).toEqual([yoga.id]);
    });
  });

  describe('contact merge', () => {
    it('moves everything of the duplicates onto the kept contact', async () => {
      const kept = await store().contacts.create(makeContact({ name: 'Aïcha', email: null, tags: ['vip'] }));
      const dup = await store().contacts.create(
        makeContact({ name: 'A. B.', email: 'a@example.com', phone: '+41790000000', tags: ['yoga', 'vip'] }),
      );
      await store().contacts.addIdentity({
        channel: 'web',
        externalId: kept.id,
        contactId: kept.id,
        createdAt: at(0),
      });
      await store().contacts.addIdentity({
        channel: 'telegram',
        externalId: '77',
        contactId: dup.id,
        createdAt: at(1),
      });
      const assistant = await store().conversations.create(
        makeConversation({ kind: 'assistant', contactId: dup.id }),
      );
      const group = await store().conversations.create(makeConversation());
      await store().conversations.addMember(member(assistant.id, dup.id));
      await store().conversations.addMember(member(group.id, kept.id, at(2)));
      await store().conversations.addMember(member(group.id, dup.id, at(1)));
      const read = makeMessage(group.id, { sender: { type: 'contact', id: dup.id, name: 'A. B.' } });
      await store().messages.insert(read);
      await store().conversations.markRead(group.id, dup.id, read.id);
      await store().consents.set({
        contactId: dup.id,
        channel: 'telegram',
        optedOut: true,
        updatedAt: at(1),
      });
      await store().consents.set({
        contactId: kept.id,
        channel: 'telegram',
        optedOut: false,
        updatedAt: at(2),
      });
      await store().consents.set({ contactId: dup.id, channel: 'sms', optedOut: false, updatedAt: at(1) });

      const merged = await store().contacts.merge(kept.id, [dup.id], at(9));
      expect(merged).toMatchObject({
        id: kept.id,
        name: 'Aïcha',
        email: 'a@example.com',
        phone: '+41790000000',
        updatedAt: at(9),
      });
      expect(merged!.tags.sort()).toEqual(['vip', 'yoga']);
      expect(await store().contacts.get(dup.id)).toBeNull();
      expect(await store().contacts.findByIdentity('telegram', '77')).toMatchObject({ id: kept.id });
      expect((await store().conversations.get(assistant.id))?.contactId).toBe(kept.id);
      expect(await store().conversations.isMember(assistant.id, kept.id)).toBe(true);
      const members = await store().conversations.listMembers(group.id);
      expect(members).toEqual([
        { conversationId: group.id, contactId: kept.id, lastReadMessageId: read.id, joinedAt: at(1) },
      ]);
      expect((await store().messages.get(read.id))?.sender.id).toBe(kept.id);
      expect(await store().consents.get(kept.id, 'telegram')).toMatchObject({ optedOut: true });
      expect(await store().consents.get(kept.id, 'sms')).toMatchObject({ optedOut: false });
      expect(await store().consents.get(dup.id, 'telegram')).toBeNull();
    });

    it('keeps a verified email or phone over an unverified one, the kept contact’s first', async () => {
      const claimed = { phone: '+41791110000', email: 'claim@example.com' };
      const kept = await store().contacts.create(makeContact({ ...claimed }));
      const proven = await store().contacts.create(
        makeContact({ phone: '+41792220000', phoneVerified: true, email: 'other@example.com' }),
      );
      const mailProven = await store().contacts.create(
        makeContact({ email: 'proven@example.com', emailVerified: true }),
      );
      const merged = await store().contacts.merge(kept.id, [proven.id, mailProven.id], at(9));
      expect(merged).toMatchObject({
        phone: '+41792220000',
        phoneVerified: true,
        email: 'proven@example.com',
        emailVerified: true,
      });
      expect(await store().contacts.get(kept.id)).toEqual(merged);
      // Nothing verified anywhere: the kept contact's own value, unverified.
      const a = await store().contacts.create(makeContact({ phone: '+41793330000' }));
      const b = await store().contacts.create(makeContact({ phone: '+41794440000', email: 'b@example.com' }));
      expect(await store().contacts.merge(a.id, [b.id], at(9))).toMatchObject({
        phone: '+41793330000',
        phoneVerified: false,
        email: 'b@example.com',
        emailVerified: false,
      });
    });

    it('titles the moved assistant conversations with the kept name, link part unchanged', async () => {
      const kept = await store().contacts.create(makeContact({ name: 'Sophie Martin' }));
      const dup = await store().contacts.create(makeContact({ name: 'Sophie M.' }));
      const titles = ['Sophie M. · Instagram bio', 'Sophie M.', 'Sophie M.anon', 'Yoga chat'];
      const conversations = [];
      for (const title of titles)
        conversations.push(
          await store().conversations.create(
            makeConversation({ kind: 'assistant', contactId: dup.id, title }),
          ),
        );
      // A group someone named like the duplicate is not theirs to rename.
      const group = await store().conversations.create(makeConversation({ title: 'Sophie M.' }));
      await store().conversations.addMember(member(group.id, dup.id));
      await store().contacts.merge(kept.id, [dup.id], at(9));
      const after = [];
      for (const conversation of conversations)
        after.push((await store().conversations.get(conversation.id))?.title);
      expect(after).toEqual(['Sophie Martin · Instagram bio', 'Sophie Martin', 'Sophie M.anon', 'Yoga chat']);
      expect((await store().conversations.get(group.id))?.title).toBe('Sophie M.');
    });

    it('changes nothing when the target or a source is unknown', async () => {
      const kept = await store().contacts.create(makeContact());
      const dup = await store().contacts.create(makeContact());
      expect(await store().contacts.merge('missing', [dup.id], at(3))).toBeNull();
      expect(await store().contacts.merge(kept.id, [dup.id, 'missing'], at(3))).toBeNull();
      expect(await store().contacts.get(dup.id)).toEqual(dup);
      expect(await store().contacts.get(kept.id)).toEqual(kept);
    });
  });
}
