/**
 * Entry links on channels where the customer writes first (WhatsApp's `wa.me/<number>?text=<code>`,
 * SMS): the prefilled first message carries the link's short code, and that message opens the
 * conversation in the link's mode. Later, a message that is only another link's code (the customer
 * followed a second link) opens a new conversation in that link's mode; a code inside a longer
 * message of an ongoing conversation is just text.
 */
import type { EntryLinkCarrier } from './channels/plugin.js';
import type { Repositories } from './repositories.js';
import type { Conversation, EntryLink } from './types.js';

/** A short code as server/admin/link-spec.ts makes them: 6 of A-Z and 2-9 without I, L, O. */
const CODE = /^[A-HJKMNP-Z2-9]{6}$/i;
/** Looked up in a first message at most: codes come early in a prefilled text. */
const MAX_CANDIDATES = 5;

/** The message without the punctuation around it. */
const alone = (text: string) => text.trim().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

function tokens(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((token) => CODE.test(token));
}

/**
 * Whether `linkCarriedBy` would look a code up for this message (the message might open a new
 * conversation): never on channels that carry no codes; else a chat's first message, or a message
 * that is a code alone.
 */
export function mayCarryLink(
  carrier: EntryLinkCarrier | undefined,
  text: string,
  current: Conversation | null,
): boolean {
  if (carrier !== 'code') return false;
  return current === null || CODE.test(alone(text));
}

/**
 * The entry link a customer's message selects, or null: any code in the first message of a chat,
 * afterwards only a message that is a code alone and names another link than the current conversation's.
 */
export async function linkCarriedBy(
  tx: Repositories,
  /** How entry links reach us on the message's channel: only 'code' channels carry codes in text. */
  carrier: EntryLinkCarrier | undefined,
  text: string,
  current: Conversation | null,
): Promise<EntryLink | null> {
  if (carrier !== 'code') return null;
  if (current) {
    const code = alone(text);
    if (!CODE.test(code)) return null;
    const link = await tx.links.getByCode(code);
    return link && link.id !== current.linkId ? link : null;
  }
  for (const token of tokens(text).slice(0, MAX_CANDIDATES)) {
    const link = await tx.links.getByCode(token);
    if (link) return link;
  }
  return null;
}
