/** Canned replies in the composer: what `/sho` offers, and a reply's text filled for the customer. */
import { type CannedReply, cannedReplies } from './inbox.js';

let cached: Promise<CannedReply[]> | null = null;

/** The team's replies, fetched on the first `/` typed; `fresh` after they were edited. */
export function loadCanned(fresh = false): Promise<CannedReply[]> {
  if (fresh || !cached)
    cached = cannedReplies.list().catch((error: unknown) => {
      cached = null;
      throw error;
    });
  return cached;
}

/** The shortcut being typed: the whole draft is `/word` (no space yet), else null. */
export function typedShortcut(text: string): string | null {
  const match = /^\/([\p{L}\p{N}_-]*)$/u.exec(text);
  return match ? match[1]!.toLowerCase() : null;
}

export function matchCanned(replies: CannedReply[], typed: string): CannedReply[] {
  return replies.filter((reply) => reply.shortcut.toLowerCase().startsWith(typed)).slice(0, 8);
}

/** {firstName} and {name} from the customer's name (as campaigns personalise); unknown: left empty. */
export function fillCanned(text: string, name: string | null | undefined): string {
  const full = name?.trim() ?? '';
  const first = full.split(/\s+/)[0] ?? '';
  return text.replaceAll('{firstName}', first).replaceAll('{name}', full);
}
