import type { ContactRepository } from '../../../core/repositories.js';
import type { Contact } from '../../../core/types.js';
import { applyPatch, compare, conflict, copy, type Gate, key, type MemoryState, slice } from './state.js';

/** Case- and accent-insensitive form used by the contact search. */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function matches(contact: Contact, query: string): boolean {
  const needle = fold(query);
  return [contact.name, contact.email, contact.phone].some(
    (field) => field !== null && fold(field).includes(needle),
  );
}

export function createContactRepository(state: MemoryState, gate: Gate): ContactRepository {
  const { contacts, identities } = state;
  return {
    create: (contact) =>
      gate(() => {
        if (contacts.has(contact.id)) throw conflict('contact', ['id']);
        contacts.set(contact.id, copy(contact));
        return copy(contact);
      }),
    get: (id) => gate(() => copy(contacts.get(id) ?? null)),
    update: (id, patch) =>
      gate(() => {
        const current = contacts.get(id);
        if (!current) return null;
        const next = applyPatch(current, patch);
        contacts.set(id, next);
        return copy(next);
      }),
    /** Newest first; `query` searches name, email and phone; `tag` is an exact tag. */
    list: (query) =>
      gate(() => {
        const found = [...contacts.values()]
          .filter((contact) => (query.query ? matches(contact, query.query) : true))
          .filter((contact) => (query.tag === undefined ? true : contact.tags.includes(query.tag)))
          .sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id));
        return { items: slice(found, query).map(copy), total: found.length };
      }),
    findByIdentity: (channel, externalId) =>
      gate(() => {
        const identity = identities.get(key(channel, externalId));
        return copy((identity && contacts.get(identity.contactId)) ?? null);
      }),
    addIdentity: (identity) =>
      gate(() => {
        const id = key(identity.channel, identity.externalId);
        if (identities.has(id)) throw conflict('channel identity', ['channel', 'externalId']);
        identities.set(id, copy(identity));
      }),
    listIdentities: (contactId) =>
      gate(() =>
        [...identities.values()]
          .filter((identity) => identity.contactId === contactId)
          .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.channel, b.channel))
          .map(copy),
      ),
  };
}
