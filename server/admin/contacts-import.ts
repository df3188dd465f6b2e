/**
 * The CSV import's rows into contacts, in the caller's transaction. By default a row is refused as
 * "already exists" when its email is already on a contact, or its phone is already someone's
 * WhatsApp/SMS address (an identity) or earlier in the file. A number a customer merely typed is not an
 * address, so it never keeps the coach from importing its owner (docs/DECISIONS.md, "Identity").
 * With `update`, such a row updates the contact it matches instead (contacts-import-update.ts).
 */
import { attachPhoneIdentities } from '../../core/contacts.js';
import type { IdGenerator } from '../../core/ids.js';
import type { ContactRepository, Repositories } from '../../core/repositories.js';
import type { ChannelName, Contact } from '../../core/types.js';
import { type CsvRow, checkRow } from './contacts-csv.js';
import { matchExisting, updateFromRow } from './contacts-import-update.js';

export interface ImportReport {
  imported: number;
  /** Only when the import was asked to update known contacts. */
  updated?: number;
  refused: { row: number; reason: string }[];
}

/** What happened to each row, for the preview. */
export type RowAction = 'create' | 'update' | 'refuse';

export interface ImportOptions {
  ids: IdGenerator;
  now: string;
  /** The channels whose identity is a phone number (descriptors with identity 'phone'). */
  phoneChannels: readonly ChannelName[];
  update: boolean;
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

type Fields = { name: string; email: string | null; phone: string | null; tags: string[] };

async function createFromRow(tx: Repositories, fields: Fields, options: ImportOptions): Promise<void> {
  // The coach's own entry: trusted to address the contact (campaigns reach it on WhatsApp and SMS),
  // though no channel proved it yet (unverified until they write from it).
  const contact: Contact = {
    id: options.ids.next(),
    ...fields,
    emailVerified: false,
    phoneVerified: false,
    createdAt: options.now,
    updatedAt: options.now,
  };
  await tx.contacts.create(contact);
  if (fields.phone) {
    await attachPhoneIdentities(tx, contact.id, fields.phone, options.now, options.phoneChannels);
  }
}

export async function importContactRows(
  tx: Repositories,
  rows: readonly CsvRow[],
  options: ImportOptions,
): Promise<{ report: ImportReport; actions: RowAction[] }> {
  const emails = options.update ? new Set<string>() : await knownEmails(tx.contacts);
  const phones = new Set<string>();
  const refused: ImportReport['refused'] = [];
  const actions: RowAction[] = [];
  let imported = 0;
  let updated = 0;
  const refuse = (row: number, reason: string) => {
    refused.push({ row, reason });
    actions.push('refuse');
  };
  for (const row of rows) {
    const checked = checkRow(row);
    if (!checked.ok) {
      refuse(row.row, checked.reason);
      continue;
    }
    const { ok: _ok, ...fields } = checked;
    if (options.update) {
      const existing = await matchExisting(tx, fields, options.phoneChannels);
      if (existing) {
        const problem = await updateFromRow(tx, existing, fields, options);
        if (problem) {
          refuse(row.row, problem.refused);
          continue;
        }
        updated++;
        actions.push('update');
        continue;
      }
    } else {
      const email = fields.email?.toLowerCase();
      const phone = fields.phone;
      if (
        (email && emails.has(email)) ||
        (phone && (phones.has(phone) || (await isAddress(tx, phone, options.phoneChannels))))
      ) {
        refuse(row.row, 'already exists');
        continue;
      }
      if (email) emails.add(email);
      if (phone) phones.add(phone);
    }
    await createFromRow(tx, fields, options);
    imported++;
    actions.push('create');
  }
  const report: ImportReport = options.update ? { imported, updated, refused } : { imported, refused };
  return { report, actions };
}
