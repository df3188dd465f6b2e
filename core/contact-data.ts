/**
 * A contact's email and phone as data, apart from identities: which value a merge keeps, and which
 * contacts may be the same person (they share a number or an address). Sharing never merges anyone
 * by itself; the coach decides (docs/DECISIONS.md, "Identity").
 */
import type { Contact } from './types.js';

export type ContactData = Pick<Contact, 'email' | 'emailVerified' | 'phone' | 'phoneVerified'>;

/**
 * What a merge of `contacts` (the kept one first) holds: for each of email and phone, the first
 * verified value, else the first value at all, with its flag.
 */
export function mergeContactData(contacts: readonly Contact[]): ContactData {
  const pick = (value: (c: Contact) => string | null, verified: (c: Contact) => boolean) =>
    contacts.find((c) => value(c) !== null && verified(c)) ?? contacts.find((c) => value(c) !== null);
  const email = pick(
    (c) => c.email,
    (c) => c.emailVerified,
  );
  const phone = pick(
    (c) => c.phone,
    (c) => c.phoneVerified,
  );
  return {
    email: email?.email ?? null,
    emailVerified: email?.emailVerified ?? false,
    phone: phone?.phone ?? null,
    phoneVerified: phone?.phoneVerified ?? false,
  };
}

/** Emails compare ignoring case (as people type them); phones are compared as stored (E.164). */
export const emailKey = (email: string) => email.toLowerCase();

/** Whether two different contacts hold the same phone number or email address. */
export function sharesContactData(a: Contact, b: Contact): boolean {
  if (a.id === b.id) return false;
  if (a.phone !== null && a.phone === b.phone) return true;
  return a.email !== null && b.email !== null && emailKey(a.email) === emailKey(b.email);
}
