/**
 * The import's update mode: a row finds the contact it names by email (ignoring case), else by a phone
 * that is someone's WhatsApp/SMS address, else by a phone a contact holds. The row's name replaces the
 * contact's, its tags are added to theirs, and its email or phone fills only an empty one: a value a
 * channel proved, or one the coach set, is never overwritten by a file.
 */
import { attachPhoneIdentities } from '../../core/contacts.js';
import type { Repositories } from '../../core/repositories.js';
import type { ChannelName, Contact } from '../../core/types.js';
import { cleanTags, TAGS_MAX } from './contacts-csv.js';

type Fields = { name: string; email: string | null; phone: string | null; tags: string[] };

export async function matchExisting(
  tx: Repositories,
  fields: Fields,
  phoneChannels: readonly ChannelName[],
): Promise<Contact | null> {
  if (fields.email) {
    const [byEmail] = await tx.contacts.listSharingContactData({
      phones: [],
      emails: [fields.email],
      limit: 1,
    });
    if (byEmail) return byEmail;
  }
  if (!fields.phone) return null;
  for (const channel of phoneChannels) {
    const holder = await tx.contacts.findByIdentity(channel, fields.phone);
    if (holder) return holder;
  }
  const [byPhone] = await tx.contacts.listSharingContactData({
    phones: [fields.phone],
    emails: [],
    limit: 1,
  });
  return byPhone ?? null;
}

export async function updateFromRow(
  tx: Repositories,
  contact: Contact,
  fields: Fields,
  options: { now: string; phoneChannels: readonly ChannelName[] },
): Promise<{ refused: string } | null> {
  const tags = cleanTags([...contact.tags, ...fields.tags]);
  if (tags.length > TAGS_MAX) return { refused: `tags: the contact would have more than ${TAGS_MAX}` };
  const patch: Partial<Contact> = {
    name: fields.name,
    tags,
    updatedAt: options.now,
  };
  if (!contact.email && fields.email) Object.assign(patch, { email: fields.email, emailVerified: false });
  const fillPhone = !contact.phone && fields.phone;
  if (fillPhone) Object.assign(patch, { phone: fields.phone, phoneVerified: false });
  await tx.contacts.update(contact.id, patch);
  if (fillPhone && fields.phone) {
    await attachPhoneIdentities(tx, contact.id, fields.phone, options.now, options.phoneChannels);
  }
  return null;
}
