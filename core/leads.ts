/**
 * Lead capture: an email address or a phone number a customer writes in a message is attached to
 * their contact when the contact has none yet (never overwritten). Phone numbers are normalized by
 * the injected `normalizePhone` (E.164), so core stays free of a phone library. What a customer types
 * (here or at `join`) is a claim: stored unverified, never a channel identity.
 */
import type { ClaimedContactData } from './inbound.js';
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

/** The captured lead as a contact patch: each value marked unverified (no channel proved it). */
export function claimPatch(lead: CapturedLead): Partial<Contact> {
  return {
    ...(lead.email ? { email: lead.email, emailVerified: false } : {}),
    ...(lead.phone ? { phone: lead.phone, phoneVerified: false } : {}),
  };
}

/**
 * What a person typed at `join`, spelled as lead capture spells it (so that the coach's "possibly the
 * same person" finds it): the email in lower case, the phone in E.164 when it reads as one.
 */
export function claimedData(
  claimed: ClaimedContactData | undefined,
  normalizePhone?: PhoneNormalizer,
): ClaimedContactData | undefined {
  if (!claimed) return undefined;
  const phone = claimed.phone?.trim();
  return {
    ...(claimed.email ? { email: claimed.email.trim().toLowerCase() } : {}),
    ...(phone ? { phone: normalizePhone?.(phone) ?? phone } : {}),
  };
}
