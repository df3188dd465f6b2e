/** Finding or creating the contact behind a channel identity. */
import type { IdGenerator } from './ids.js';
import type { InboundSender } from './inbound.js';
import type { Repositories } from './repositories.js';
import type { ChannelName, Contact } from './types.js';

const DEFAULT_NAMES: Record<ChannelName, string> = {
  web: 'Web visitor',
  telegram: 'Telegram user',
  whatsapp: 'WhatsApp user',
  sms: 'SMS user',
  email: 'Email contact',
  teams: 'Teams user',
};

/** Returns the contact named by (channel, sender id), creating contact and identity when new. */
export async function resolveContact(
  tx: Repositories,
  ids: IdGenerator,
  now: string,
  channel: ChannelName,
  from: InboundSender,
  contactId?: string,
): Promise<{ contact: Contact; created: boolean }> {
  const existing = await tx.contacts.findByIdentity(channel, from.externalId);
  if (existing) return { contact: existing, created: false };
  const contact: Contact = {
    id: contactId ?? ids.next(),
    name: from.name?.trim() || DEFAULT_NAMES[channel],
    email: from.email ?? null,
    phone: from.phone ?? null,
    tags: [],
    createdAt: now,
    updatedAt: now,
  };
  await tx.contacts.create(contact);
  await tx.contacts.addIdentity({
    channel,
    externalId: from.externalId,
    contactId: contact.id,
    createdAt: now,
  });
  return { contact, created: true };
}

/** Creates a contact whose identity on the channel is its own id (web members: member id = contact id). */
export async function createMemberContact(
  tx: Repositories,
  ids: IdGenerator,
  now: string,
  channel: ChannelName,
  profile: Omit<InboundSender, 'externalId'>,
): Promise<Contact> {
  const id = ids.next();
  const { contact } = await resolveContact(tx, ids, now, channel, { ...profile, externalId: id }, id);
  return contact;
}
