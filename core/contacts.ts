/**
 * Finding or creating the contact behind a channel identity. Only a channel proves an identity: a
 * number or address a person merely types (`claimed`) is stored as unverified contact data and never
 * names them on a channel (CONTRACT.md, web chat; docs/DECISIONS.md, "Identity").
 */
import type { IdGenerator } from './ids.js';
import type { ClaimedContactData, InboundSender } from './inbound.js';
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

export interface ResolveOptions {
  /** The new contact's id (web members: member id = contact id). */
  contactId?: string;
  /** What the person typed about themselves: kept as unverified contact data only. */
  claimed?: ClaimedContactData;
  /** The channels whose ids are phone numbers (descriptors with identity 'phone'; none when unset). */
  phoneChannels?: readonly ChannelName[];
}

/** Returns the contact named by (channel, sender id), creating contact and identity when new. */
export async function resolveContact(
  tx: Repositories,
  ids: IdGenerator,
  now: string,
  channel: ChannelName,
  from: InboundSender,
  options: ResolveOptions = {},
): Promise<{ contact: Contact; created: boolean }> {
  const existing = await tx.contacts.findByIdentity(channel, from.externalId);
  if (existing) return { contact: await confirmProven(tx, existing, from, now, channel), created: false };
  const { claimed } = options;
  const contact: Contact = {
    id: options.contactId ?? ids.next(),
    name: from.name?.trim() || DEFAULT_NAMES[channel],
    email: from.email ?? claimed?.email ?? null,
    emailVerified: from.email !== undefined,
    phone: from.phone ?? claimed?.phone ?? null,
    phoneVerified: from.phone !== undefined,
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
  // A number the channel proved is theirs on every channel that addresses people by number.
  if (contact.phone && contact.phoneVerified)
    await attachPhoneIdentities(tx, contact.id, contact.phone, now, options.phoneChannels ?? []);
  return { contact, created: true };
}

/** What `confirmProven` writes on a contact (empty: nothing to write). */
export function provenPatch(contact: Contact, from: InboundSender, channel: ChannelName): Partial<Contact> {
  const patch: Partial<Contact> = {};
  const name = from.name?.trim();
  if (name && contact.name === DEFAULT_NAMES[channel]) patch.name = name;
  if (from.phone && !contact.phoneVerified) Object.assign(patch, { phone: from.phone, phoneVerified: true });
  if (from.email && !contact.emailVerified) Object.assign(patch, { email: from.email, emailVerified: true });
  return patch;
}

/**
 * A known contact writing from a number or address their channel proves: it becomes verified on them,
 * replacing an unverified value (a claim, a coach's typo) but never another verified one. Writes only
 * the first time (later messages find it verified already). A contact still under the channel's
 * placeholder name (a group member listed before they wrote) takes the name they write under.
 */
async function confirmProven(
  tx: Repositories,
  contact: Contact,
  from: InboundSender,
  now: string,
  channel: ChannelName,
): Promise<Contact> {
  const patch = provenPatch(contact, from, channel);
  if (Object.keys(patch).length === 0) return contact;
  return (await tx.contacts.update(contact.id, { ...patch, updatedAt: now })) ?? contact;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Makes a phone number (E.164) the contact's address on `phoneChannels`: the channels whose identity
 * kind is 'phone' (WhatsApp, SMS: ChannelDirectory.withIdentity('phone')). Only for a number a channel
 * proved, or one the coach entered (CSV import: the coach is trusted, and campaigns reach imported
 * contacts there); never for a number a customer merely typed. A number another contact already holds
 * on a channel stays theirs. Anything not E.164 is ignored.
 */
export async function attachPhoneIdentities(
  tx: Repositories,
  contactId: string,
  phone: string,
  now: string,
  phoneChannels: readonly ChannelName[],
): Promise<void> {
  if (!E164.test(phone)) return;
  for (const channel of phoneChannels) {
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
  profile: { name?: string },
  claimed?: ClaimedContactData,
): Promise<Contact> {
  const id = ids.next();
  const from = { ...profile, externalId: id };
  const { contact } = await resolveContact(tx, ids, now, channel, from, { contactId: id, claimed });
  return contact;
}
