import { retitled } from '../../../core/conversations.js';
import type { ContactRepository } from '../../../core/repositories.js';
import { emailKey, mergeContactData } from '../../../core/contact-data.js';
import type { Contact } from '../../../core/types.js';
import {
  applyPatch,
  compare,
  conflict,
  copy,
  fold,
  type Gate,
  key,
  type MemoryState,
  slice,
} from './state.js';

function matches(contact: Contact, query: string): boolean {
  const needle = fold(query);
  return [contact.name, contact.email, contact.phone].some(
    (field) => field !== null && fold(field).includes(needle),
  );
}

export function createContactRepository(state: MemoryState, gate: Gate): ContactRepository {
  const { contacts, identities, conversations, members, messages, consents, packCredits } = state;

  function merge(targetId: string, sourceIds: string[], now: string): Contact | null {
    const target = contacts.get(targetId);
    const sources = sourceIds.filter((id) => id !== targetId).map((id) => contacts.get(id));
    if (!target || sources.some((source) => source === undefined)) return null;
    const merged = sources as Contact[];
    const ids = new Set(merged.map((source) => source.id));
    for (const identity of identities.values())
      if (ids.has(identity.contactId)) identity.contactId = targetId;
    for (const conversation of conversations.values()) {
      const source = merged.find((contact) => contact.id === conversation.contactId);
      if (!source) continue;
      if (conversation.kind === 'assistant')
        conversation.title = retitled(conversation.title, source.name, target.name);
      conversation.contactId = targetId;
    }
    for (const [memberKey, member] of [...members]) {
      if (!ids.has(member.contactId)) continue;
      members.delete(memberKey);
      const targetKey = key(member.conversationId, targetId);
      const existing = members.get(targetKey);
      if (!existing) {
        members.set(targetKey, { ...member, contactId: targetId });
        continue;
      }
      const reads = [existing.lastReadMessageId, member.lastReadMessageId].filter((id) => id !== null);
      existing.lastReadMessageId = reads.sort(compare).at(-1) ?? null;
      if (member.joinedAt < existing.joinedAt) existing.joinedAt = member.joinedAt;
    }
    for (const message of messages.values()) {
      if (message.sender.type === 'contact' && message.sender.id && ids.has(message.sender.id)) {
        message.sender.id = targetId;
      }
    }
    for (const [consentKey, consent] of [...consents]) {
      if (!ids.has(consent.contactId)) continue;
      consents.delete(consentKey);
      const targetKey = key(targetId, consent.channel);
      const existing = consents.get(targetKey);
      if (!existing) consents.set(targetKey, { ...consent, contactId: targetId });
      else {
        existing.optedOut = existing.optedOut || consent.optedOut;
        if (consent.updatedAt > existing.updatedAt) existing.updatedAt = consent.updatedAt;
      }
    }
    for (const credit of packCredits.values()) if (ids.has(credit.contactId)) credit.contactId = targetId;
    for (const id of ids) contacts.delete(id);
    const next: Contact = {
      ...target,
      tags: [...new Set([target, ...merged].flatMap((contact) => contact.tags))],
      ...mergeContactData([target, ...merged]),
      updatedAt: now,
    };
    contacts.set(targetId, next);
    return copy(next);
  }

  return {
    create: (contact) =>
      gate(() => {
        if (contacts.has(contact.id)) throw conflict('contact', ['id']);
        contacts.set(contact.id, copy(contact));
        return copy(contact);
      }),
    get: (id) => gate(() => copy(contacts.get(id) ?? null)),
    getMany: (ids) =>
      gate(() => [...new Set(ids)].flatMap((id) => (contacts.has(id) ? [copy(contacts.get(id)!)] : []))),
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
    listSharingContactData: ({ phones, emails, limit }) =>
      gate(() => {
        const keys = new Set(emails.map(emailKey));
        return [...contacts.values()]
          .filter(
            (c) =>
              (c.phone !== null && phones.includes(c.phone)) ||
              (c.email !== null && keys.has(emailKey(c.email))),
          )
          .slice(0, limit)
          .map(copy);
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
    merge: (targetId, sourceIds, now) => gate(() => merge(targetId, sourceIds, now)),
    listIdentities: (contactId) =>
      gate(() =>
        [...identities.values()]
          .filter((identity) => identity.contactId === contactId)
          .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.channel, b.channel))
          .map(copy),
      ),
  };
}
