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
  if (contact.phone) await attachPhoneIdentities(tx, contact.id, contact.phone, now);
  return { contact, created: true };
}

const E164 = /^\+[1-9]\d{6,14}$/;
/** The channels that address a contact by their phone number (E.164 is the identity there). */
const PHONE_CHANNELS: ChannelName[] = ['whatsapp', 'sms'];

/**
 * A known phone number (E.164) is the contact's address on WhatsApp and SMS: an imported contact can
 * be reached there by campaigns, and when they write from that number they are the same contact. A
 * number another contact already holds on a channel stays theirs. Anything not E.164 is ignored.
 */
export async function attachPhoneIdentities(
  tx: Repositories,
  contactId: string,
  phone: string,
  now: string,
): Promise<void> {
  if (!E164.test(phone)) return;
  for (const channel of PHONE_CHANNELS) {
    if (await tx.contacts.findByIdentity(channel, phone)) continue;
    await tx.contacts.addIdentity({ channel, externalId: phone, contactId, createdAt: now });
  }
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
