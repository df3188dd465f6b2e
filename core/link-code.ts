/**
 * Entry links on channels where the customer writes first (WhatsApp's `wa.me/<number>?text=<code>`,
 * SMS): the prefilled first message carries the link's short code, and that message opens the
 * conversation in the link's mode. Later, a message that is only another link's code (the customer
 * followed a second link) opens a new conversation in that link's mode; a code inside a longer
 * message of an ongoing conversation is just text.
 */
import type { Repositories } from './repositories.js';
import type { ChannelName, Conversation, EntryLink } from './types.js';

/** Channels whose entry links are a code typed (prefilled) into the first message. */
const CODE_CHANNELS: ReadonlySet<ChannelName> = new Set(['whatsapp', 'sms', 'email']);

/** A short code as server/admin/link-spec.ts makes them: 6 of A-Z and 2-9 without I, L, O. */
const CODE = /^[A-HJKMNP-Z2-9]{6}$/i;
/** Looked up in a first message at most: codes come early in a prefilled text. */
const MAX_CANDIDATES = 5;

function tokens(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((token) => CODE.test(token));
}

/**
 * The entry link a customer's message selects, or null: any code in the first message of a chat,
 * afterwards only a message that is a code alone and names another link than the current conversation's.
 */
export async function linkCarriedBy(
  tx: Repositories,
  channel: ChannelName,
  text: string,
  current: Conversation | null,
): Promise<EntryLink | null> {
  if (!CODE_CHANNELS.has(channel)) return null;
  if (current) {
    const alone = text.trim().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!CODE.test(alone)) return null;
    const link = await tx.links.getByCode(alone);
    return link && link.id !== current.linkId ? link : null;
  }
  for (const token of tokens(text).slice(0, MAX_CANDIDATES)) {
    const link = await tx.links.getByCode(token);
    if (link) return link;
  }
  return null;
}
