/**
 * "Possibly the same person": for each listed contact, the other contacts holding the same phone
 * number or email address (a visitor's unverified claim beside the contact a channel proved, two
 * imports of one person...). Only a hint for the coach, who merges by hand; nothing merges by itself.
 */
import { sharesContactData } from '../../core/contact-data.js';
import type { ContactRepository } from '../../core/repositories.js';
import type { Contact } from '../../core/types.js';

/** At most this many look-alikes are read per page, and shown per contact. */
const READ_MAX = 500;
const SHOWN_MAX = 5;

export type ContactWithLookAlikes = Contact & { possiblySame: { id: string; name: string }[] };

export async function withPossiblySame(
  contacts: ContactRepository,
  items: readonly Contact[],
): Promise<ContactWithLookAlikes[]> {
  const phones = [...new Set(items.flatMap((c) => (c.phone ? [c.phone] : [])))];
  const emails = [...new Set(items.flatMap((c) => (c.email ? [c.email] : [])))];
  const candidates =
    phones.length + emails.length === 0
      ? []
      : await contacts.listSharingContactData({ phones, emails, limit: READ_MAX });
  return items.map((contact) => ({
    ...contact,
    possiblySame: candidates
      .filter((other) => sharesContactData(contact, other))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .slice(0, SHOWN_MAX)
      .map((other) => ({ id: other.id, name: other.name })),
  }));
}
