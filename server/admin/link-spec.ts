/** Entry links: a long token for URLs, a short code a customer can type, and the URL per channel. */
import { randomBytes, randomInt } from 'node:crypto';
import { ValidationError } from '../../core/errors.js';
import type { LinkRepository } from '../../core/repositories.js';
import type { EntryLink } from '../../core/types.js';
import type { AdminDeps } from './context.js';
import type { ResourceSpec } from './resources.js';
import { linkCreateSchema, linkPatchSchema } from './schemas.js';

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export async function newLinkCode(links: LinkRepository): Promise<string> {
  for (;;) {
    let code = '';
    for (let i = 0; i < 6; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    if (!(await links.getByCode(code))) return code;
  }
}

export function newLinkToken(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The URL of `link` on every configured channel whose plug-in can build one now (its entry-link
 * builder, given the channel's own account: the bot's username, the number).
 */
export function linkUrls(deps: AdminDeps, link: EntryLink): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const channel of deps.channels?.directory.list() ?? []) {
    if (!deps.channels?.has(channel.name)) continue;
    const account = deps.channels.get(channel.name).status().account ?? null;
    const url = channel.entryLink.url(link, { publicUrl: deps.publicUrl, account });
    if (url) urls[channel.name] = url;
  }
  return urls;
}

export const linkSpec: ResourceSpec<EntryLink, typeof linkCreateSchema, typeof linkPatchSchema> = {
  name: 'links',
  repo: (deps) => deps.store.links,
  createSchema: linkCreateSchema,
  patchSchema: linkPatchSchema,
  build: async (deps, input) => {
    const now = deps.clock.now().toISOString();
    return {
      id: deps.ids.next(),
      name: input.name,
      mode: input.mode,
      customPrompt: input.customPrompt || null,
      token: newLinkToken(),
      code: await newLinkCode(deps.store.links),
      createdAt: now,
      updatedAt: now,
    };
  },
  check: (link) => {
    if (link.mode === 'strict' && !link.customPrompt?.trim()) {
      throw new ValidationError('customPrompt: a strict link needs its own prompt', 'customPrompt');
    }
  },
  present: (deps, link) => ({ ...link, urls: linkUrls(deps, link) }),
  affectsCatalog: false,
};
