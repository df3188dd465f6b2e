import type { Migration } from './migration.js';

/** The channels that address people by phone number (core/contacts.ts, PHONE_CHANNELS). */
const PHONE_CHANNELS = `('whatsapp', 'sms')`;

/** A message the contact sent from `number` on `channel`: what proves the number is theirs there. */
const wroteFrom = (channel: string, number: string, contact: string) => `EXISTS (
  SELECT 1 FROM conversations c JOIN messages m ON m.conversation_id = c.id
  WHERE c.channel ${channel} AND c.external_chat_id = ${number}
    AND m.sender_type = 'contact' AND m.sender_id = ${contact})`;

/**
 * Contact data carries whether a channel proved it (issue 15: a number a visitor typed had become
 * their WhatsApp/SMS identity). Existing rows: a phone is verified when the contact wrote from it on
 * WhatsApp or SMS; no email channel exists yet, so no email is. The WhatsApp/SMS identities that lead
 * capture or `join` attached from a typed number are removed: those of a contact who also has an
 * identity on another channel (a web visitor, a Telegram user) and never wrote from that number there.
 * A contact with only phone identities (a CSV import, a WhatsApp or SMS sender) keeps them.
 * The indexes serve "possibly the same person" (contacts sharing a phone or an email).
 */
export const verifiedContactData: Migration = {
  version: 16,
  name: 'verified-contact-data',
  up: `
ALTER TABLE contacts ADD COLUMN phone_verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0;
UPDATE contacts SET phone_verified = 1
  WHERE phone IS NOT NULL AND ${wroteFrom(`IN ${PHONE_CHANNELS}`, 'contacts.phone', 'contacts.id')};
DELETE FROM channel_identities
  WHERE channel IN ${PHONE_CHANNELS}
    AND EXISTS (SELECT 1 FROM channel_identities other
      WHERE other.contact_id = channel_identities.contact_id AND other.channel NOT IN ${PHONE_CHANNELS})
    AND NOT ${wroteFrom('= channel_identities.channel', 'channel_identities.external_id', 'channel_identities.contact_id')};
CREATE INDEX contacts_phone ON contacts (phone);
CREATE INDEX contacts_email ON contacts (lower(email));
`,
};
