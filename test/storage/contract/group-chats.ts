import { describe, expect, it } from 'vitest';
import { type ContractContext, expectConflict, makeConversation } from './fixtures.js';

/** A channel group chat (a WhatsApp, Telegram or Teams group) has one live conversation, whoever opens it. */
export function describeGroupChats(context: ContractContext): void {
  const conversations = () => context.store().conversations;
  const group = (chat: string) =>
    makeConversation({ kind: 'group', channel: 'whatsapp', externalChatId: chat, title: `Group ${chat}` });

  describe('group chats', () => {
    it('opens a group once: a second open returns the stored one, not created', async () => {
      const first = group('120363@g.us');
      expect(await conversations().openGroup(first)).toEqual({ conversation: first, created: true });
      const again = await conversations().openGroup(group('120363@g.us'));
      expect(again).toEqual({ conversation: first, created: false });
      expect((await conversations().list({ kind: 'group' })).total).toBe(1);
    });

    it('ends with one conversation when many open the same new group at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, () => conversations().openGroup(group('race@g.us'))),
      );
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.conversation.id)).size).toBe(1);
      expect((await conversations().list({ kind: 'group' })).total).toBe(1);
    });

    it('refuses a second live group conversation for the same channel chat', async () => {
      await conversations().create(group('twice@g.us'));
      await expectConflict(conversations().create(group('twice@g.us')));
      // Another channel, a web group (no chat id) and a direct pair are not that chat's group.
      await conversations().create({ ...group('twice@g.us'), channel: 'telegram' });
      await conversations().create({ ...group('x'), externalChatId: null, channel: 'web' });
      await conversations().create({ ...group('x'), externalChatId: null, channel: 'web' });
      await conversations().create({ ...group('twice@g.us'), kind: 'direct' });
    });

    it('opens a new conversation for a chat whose group was archived', async () => {
      const old = await conversations().create(group('back@g.us'));
      expect(await conversations().archive(old.id, new Date().toISOString())).toBe(true);
      const reopened = await conversations().openGroup(group('back@g.us'));
      expect(reopened.created).toBe(true);
      expect(reopened.conversation.id).not.toBe(old.id);
    });
  });
}
