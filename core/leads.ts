/**
 * Lead capture: an email address or a phone number a customer writes in a message is attached to
 * their contact when the contact has none yet (never overwritten). Phone numbers are normalized by
 * the injected `normalizePhone` (E.164), so core stays free of a phone library.
 */
import type { Contact } from './types.js';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/u;
// A run of digits with usual separators, optionally international: at least 8 digits in all.
const PHONE = /(?:\+|00)?\d[\d ().-]{6,18}\d/g;

export type PhoneNormalizer = (raw: string) => string | null;

export interface CapturedLead {
  email?: string;
  phone?: string;
}

/** What the message adds to the contact: only fields the contact does not have yet. */
export function captureLead(text: string, contact: Contact, normalizePhone?: PhoneNormalizer): CapturedLead {
  const lead: CapturedLead = {};
  if (!contact.email) {
    const email = EMAIL.exec(text)?.[0];
    if (email) lead.email = email.toLowerCase();
  }
  if (!contact.phone && normalizePhone) {
    for (const candidate of text.match(PHONE) ?? []) {
      if (candidate.replace(/\D/g, '').length < 8) continue;
      const phone = normalizePhone(candidate);
      if (phone) {
        lead.phone = phone;
        break;
      }
    }
  }
  return lead;
}
