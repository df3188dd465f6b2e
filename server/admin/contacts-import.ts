/**
 * The CSV import's rows into contacts, in the caller's transaction. A row is refused as "already
 * exists" when its email is already on a contact, or its phone is already someone's WhatsApp/SMS
 * address (an identity) or earlier in the file. A number a customer merely typed is not an address, so
 * it never keeps the coach from importing its owner (docs/DECISIONS.md, "Identity").
 */
import { attachPhoneIdentities } from '../../core/contacts.js';
import type { IdGenerator } from '../../core/ids.js';
import type { ContactRepository, Repositories } from '../../core/repositories.js';
import type { ChannelName, Contact } from '../../core/types.js';
import { type CsvRow, checkRow } from './contacts-csv.js';

export interface ImportReport {
  imported: number;
  refused: { row: number; reason: string }[];
}

const PAGE = 500;

async function knownEmails(contacts: ContactRepository): Promise<Set<string>> {
  const emails = new Set<string>();
  for (let offset = 0; ; offset += PAGE) {
    const page = await contacts.list({ offset, limit: PAGE });
    for (const contact of page.items) if (contact.email) emails.add(contact.email.toLowerCase());
    if (page.items.length < PAGE) return emails;
  }
}

async function isAddress(
  tx: Repositories,
  phone: string,
  phoneChannels: readonly ChannelName[],
): Promise<boolean> {
  for (const channel of phoneChannels) {
    if ((await tx.contacts.findByIdentity(channel, phone)) !== null) return true;
  }
  return false;
}

export async function importContactRows(
  tx: Repositories,
  rows: readonly CsvRow[],
  ids: IdGenerator,
  now: string,
  /** The channels whose identity is a phone number (descriptors with identity 'phone'). */
  phoneChannels: readonly ChannelName[],
): Promise<ImportReport> {
  const emails = await knownEmails(tx.contacts);
  const phones = new Set<string>();
  const refused: ImportReport['refused'] = [];
  let imported = 0;
  for (const row of rows) {
    const checked = checkRow(row);
    if (!checked.ok) {
      refused.push({ row: row.row, reason: checked.reason });
      continue;
    }
    const { ok: _ok, ...fields } = checked;
    const email = fields.email?.toLowerCase();
    const phone = fields.phone;
    if (
      (email && emails.has(email)) ||
      (phone && (phones.has(phone) || (await isAddress(tx, phone, phoneChannels))))
    ) {
      refused.push({ row: row.row, reason: 'already exists' });
      continue;
    }
    if (email) emails.add(email);
    if (phone) phones.add(phone);
    // The coach's own entry: trusted to address the contact (campaigns reach it on WhatsApp and SMS),
    // though no channel proved it yet (unverified until they write from it).
    const contact: Contact = {
      id: ids.next(),
      ...fields,
      emailVerified: false,
      phoneVerified: false,
      createdAt: now,
      updatedAt: now,
    };
    await tx.contacts.create(contact);
    if (phone) await attachPhoneIdentities(tx, contact.id, phone, now, phoneChannels);
    imported++;
  }
  return { imported, refused };
}
