/**
 * The inbox filters (issue 19: agent, nobody, open / resolved) inside every shape of the list
 * statement (storage/sql/conversation-list.ts compiles one per shape): with kinds, kind, a search,
 * waiting and handoff, each with its total; and a note never makes a conversation wait.
 */
import { describe, expect, it } from 'vitest';
import type { ConversationListQuery } from '../../../core/repositories.js';
import type { Conversation } from '../../../core/types.js';
import { at, type ContractContext, makeConversation, makeMessage, seedConversation } from './fixtures.js';

const KINDS: Conversation['kind'][] = ['assistant', 'group'];

export function describeInboxShapes(context: ContractContext): void {
  describe('inbox filters in every list shape', () => {
    const store = () => context.store();
    const list = async (query: ConversationListQuery) => {
      const page = await store().conversations.list(query);
      return { ids: page.items.map((c) => c.id).sort(), total: page.total };
    };
    const expectList = async (query: ConversationListQuery, expected: string[]) =>
      expect(await list(query)).toEqual({ ids: [...expected].sort(), total: expected.length });

    /** mine: waiting, u1's; held: handed off, nobody's; group: u1's, resolved; done: nobody's, resolved. */
    async function seed() {
      const say = async (conversation: Conversation, contactId: string, text: string, minute: number) =>
        store().messages.insert(
          makeMessage(conversation.id, {
            sender: { type: 'contact', id: contactId, name: 'J' },
            text,
            createdAt: at(minute),
          }),
        );
      const mine = await seedConversation(store(), { kind: 'assistant', coachNeededAt: at(1) });
      await say(mine.conversation, mine.contact.id, 'Bonjour, le yoga ?', 1);
      const held = await seedConversation(store(), { kind: 'assistant', handoff: true, handoffAt: at(2) });
      await say(held.conversation, held.contact.id, 'Bonjour, un humain svp', 2);
      const group = await store().conversations.create(makeConversation({ title: 'Bonjour groupe' }));
      const done = await seedConversation(store(), { kind: 'assistant' });
      await say(done.conversation, done.contact.id, 'bonjour merci', 3);
      expect(await store().inbox.assign(mine.conversation.id, 'u1')).toBe(true);
      expect(await store().inbox.assign(group.id, 'u1')).toBe(true);
      expect(await store().inbox.setStatus(group.id, 'resolved', at(4))).toBe(true);
      expect(await store().inbox.setStatus(done.conversation.id, 'resolved', at(4))).toBe(true);
      return {
        mine: mine.conversation.id,
        held: held.conversation.id,
        group: group.id,
        done: done.conversation.id,
      };
    }

    it('combines agent and status with kinds, kind and a search, totals included', async () => {
      const { mine, held, group, done } = await seed();
      await expectList({ kinds: KINDS, assignee: 'u1' }, [mine, group]);
      await expectList({ kinds: KINDS, assignee: null, status: 'open' }, [held]);
      await expectList({ kinds: KINDS, status: 'resolved' }, [group, done]);
      await expectList({ kind: 'group', status: 'resolved', assignee: 'u1' }, [group]);
      await expectList({ kind: 'group', status: 'open' }, []);
      await expectList({ kinds: KINDS, query: 'bonjour', assignee: null }, [held, done]);
      await expectList({ kinds: KINDS, query: 'bonjour', assignee: 'u1', status: 'resolved' }, [group]);
      await expectList({ kinds: KINDS, query: 'bonjour', status: 'open' }, [mine, held]);
      const pastEnd = await store().conversations.list({
        query: 'bonjour',
        assignee: null,
        offset: 5,
        limit: 1,
      });
      expect(pastEnd).toEqual({ items: [], total: 2, matches: {} });
    });

    it('combines agent and status with waiting and handoff; a note newest keeps a conversation waiting', async () => {
      const { mine, held, done } = await seed();
      await expectList({ kinds: KINDS, waiting: true, assignee: 'u1' }, [mine]);
      await expectList({ kinds: KINDS, waiting: true, assignee: null }, [held]);
      await expectList({ kinds: KINDS, waiting: false, assignee: null, status: 'resolved' }, [done]);
      await expectList({ kinds: KINDS, handoff: true, assignee: null, status: 'open' }, [held]);
      await expectList({ kinds: KINDS, handoff: true, assignee: 'u1' }, []);
      await expectList({ kinds: KINDS, handoff: false, status: 'open' }, [mine]);
      // The team's note is newer than the customer's message: the customer still waits for an answer.
      await store().messages.insert(
        makeMessage(held, {
          kind: 'note',
          sender: { type: 'coach', id: 'u1', name: 'Ann' },
          createdAt: at(5),
        }),
      );
      await expectList({ kinds: KINDS, waiting: true, assignee: null, status: 'open' }, [held]);
      await store().messages.insert(
        makeMessage(held, { sender: { type: 'coach', id: 'u1', name: 'Ann' }, createdAt: at(6) }),
      );
      await expectList({ kinds: KINDS, waiting: true, assignee: null }, []);
    });
  });
}
