import { describe, expect, it } from 'vitest';
import { SEARCH_CANDIDATES } from '../../../storage/sql/conversation-list.js';
import {
  at,
  type ContractContext,
  makeContact,
  makeConversation,
  makeMessage,
  searchPassages,
} from './fixtures.js';

/** The inbox search on a large store: bounded for common words, exact for rare ones, titles kept folded. */
export function describeSearchBounds(context: ContractContext): void {
  describe('inbox search bounds', () => {
    const store = () => context.store();
    const ids = async (query: string) =>
      (await store().conversations.list({ query, kinds: ['assistant', 'group'] })).items
        .map((c) => c.id)
        .sort();

    it('finds message words among the newest matching messages, and rare words however old', async () => {
      const old = await store().conversations.create(makeConversation({ title: 'Ancien', createdAt: at(0) }));
      await store().messages.insert(makeMessage(old.id, { text: 'Bonjour, une question rarissime' }));
      const busy = await store().conversations.create(makeConversation({ title: 'Actif', createdAt: at(1) }));
      await store().transaction(async (tx) => {
        for (let i = 0; i < SEARCH_CANDIDATES; i++)
          await tx.messages.insert(makeMessage(busy.id, { text: `bonjour numéro ${i}` }));
      });
      const titled = await store().conversations.create(
        makeConversation({ title: 'Groupe Bonjour', createdAt: at(2) }),
      );
      // The old conversation's "bonjour" is older than the newest SEARCH_CANDIDATES that match.
      expect(await ids('bonjour')).toEqual([busy.id, titled.id].sort());
      expect(await ids('RARISSIME')).toEqual([old.id]);
      expect(await ids('bonjour rariss')).toEqual([old.id]);
    });

    it('takes passages from the newest matching messages, as the list reads them', async () => {
      const old = await store().conversations.create(makeConversation({ title: 'Bonjour ancien' }));
      const oldMatch = makeMessage(old.id, { text: 'Bonjour, une question rarissime' });
      await store().messages.insert(oldMatch);
      const busy = await store().conversations.create(makeConversation({ title: 'Actif' }));
      await store().transaction(async (tx) => {
        for (let i = 0; i < SEARCH_CANDIDATES; i++)
          await tx.messages.insert(makeMessage(busy.id, { text: `bonjour numéro ${i}` }));
      });
      const newest = makeMessage(busy.id, { text: 'Bonjour encore' });
      await store().messages.insert(newest);
      // The old conversation is listed (its title), but its "bonjour" is older than the newest matches.
      expect(await ids('bonjour')).toEqual([old.id, busy.id].sort());
      const page = await store().conversations.list({ query: 'bonjour', kinds: ['assistant', 'group'] });
      expect(page.matches).toEqual({ [busy.id]: newest.id });
      const found = await searchPassages(store(), 'bonjour');
      expect(Object.keys(found)).toEqual([busy.id]);
      expect(found[busy.id]!.id).toBe(newest.id);
      expect((await searchPassages(store(), 'rariss'))[old.id]!.id).toBe(oldMatch.id);
    });

    it('finds a word by each of its prefixes, past the longest indexed prefix too', async () => {
      const word = 'Anticonstitutionnellementinterminablement'; // 41 letters (SQLite indexes up to 31)
      const long = await store().conversations.create(makeConversation({ title: 'Un' }));
      await store().messages.insert(makeMessage(long.id, { text: `Un mot : ${word}, vraiment.` }));
      const other = await store().conversations.create(makeConversation({ title: 'Deux' }));
      await store().messages.insert(makeMessage(other.id, { text: 'Anti-douleur et Méditation' }));
      for (const length of [1, 2, 4, 30, 31, 32, 41]) {
        expect([length, await ids(word.slice(0, length).toUpperCase())]).toEqual([
          length,
          length <= 4 ? [long.id, other.id].sort() : [long.id],
        ]);
      }
      expect(await ids(`${word}s`)).toEqual([]);
      expect(await ids('MEDIT ant')).toEqual([other.id]);
      expect(await ids('medit anticonst')).toEqual([]);
    });

    it('gives a search its total with the page, and on a page past the end', async () => {
      for (const name of ['Léa Yoga', 'Leo Yogi', 'Marc']) {
        const contact = await store().contacts.create(makeContact({ name }));
        await store().conversations.create(
          makeConversation({ kind: 'assistant', contactId: contact.id, title: name }),
        );
      }
      const contacts = (query: string, offset: number) => store().contacts.list({ query, offset, limit: 1 });
      expect((await contacts('YOG', 0)).total).toBe(2);
      expect(await contacts('yog', 5)).toEqual({ items: [], total: 2 });
      const found = (offset: number) =>
        store().conversations.list({ query: 'lea', kinds: ['assistant', 'group'], offset, limit: 1 });
      expect((await found(0)).total).toBe(1);
      expect(await found(3)).toEqual({ items: [], total: 1, matches: {} });
    });

    // Generated: every character a pattern language gives a meaning to is matched as itself, in a
    // title and in a customer's name (PostgreSQL may match them with LIKE, SQLite with instr).
    it('matches the characters of a pattern language literally, in titles and in customers', async () => {
      const specials = ['%', '_', '\\', '*', '?', '[', ']', '^', '$', '.', "'", '"'];
      for (const [i, c] of specials.entries()) {
        const word = `k${i}`;
        const exact = await store().conversations.create(makeConversation({ title: `${word}x${c}y` }));
        // Decoys: what the character would stand for as a wildcard, or nothing in its place.
        for (const decoy of [`${word}xzy`, `${word}xy`, `${word}xzzy`])
          await store().conversations.create(makeConversation({ title: decoy }));
        expect(await ids(`${word}x${c}y`), `title ${c}`).toEqual([exact.id]);
        const customer = await store().contacts.create(makeContact({ name: `Client ${word}q${c}w` }));
        const theirs = await store().conversations.create(
          makeConversation({ kind: 'assistant', title: '', contactId: customer.id }),
        );
        for (const decoy of [`Client ${word}qzw`, `Client ${word}qw`]) {
          const other = await store().contacts.create(makeContact({ name: decoy }));
          await store().conversations.create(
            makeConversation({ kind: 'assistant', title: '', contactId: other.id }),
          );
        }
        expect(await ids(`${word}q${c}w`), `customer ${c}`).toEqual([theirs.id]);
        expect((await store().contacts.list({ query: `${word}q${c}w` })).items, `contacts ${c}`).toEqual([
          customer,
        ]);
      }
    });

    it('finds a conversation by its title as renamed, not as it was, accents ignored', async () => {
      const group = await store().conversations.create(makeConversation({ title: 'Méditation du soir' }));
      expect(await ids('meditation')).toEqual([group.id]);
      await store().conversations.update(group.id, { title: 'Yoga Été' });
      expect(await ids('meditation')).toEqual([]);
      expect(await ids('yoga ete')).toEqual([group.id]);
    });
  });
}
