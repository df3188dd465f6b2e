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

export function linkUrls(deps: AdminDeps, link: EntryLink) {
  const urls: { web: string; telegram?: string; whatsapp?: string; email?: string } = {
    web: `${deps.publicUrl}/c/${link.token}`,
  };
  // Known once the bot answered getMe at start; /start <token> then opens this link's conversation.
  const bot = deps.telegram?.botUsername;
  if (bot) urls.telegram = `https://t.me/${bot}?start=${link.token}`;
  // wa.me wants the number in international form without "+"; the prefilled text is the link's code.
  const whatsapp = deps.whatsapp?.number();
  if (whatsapp)
    urls.whatsapp = `https://wa.me/${whatsapp.replace(/\D/g, '')}?text=${encodeURIComponent(link.code)}`;
  // The customer writes first: the subject carries the link's code, which opens its conversation.
  if (deps.emailAddress) urls.email = `mailto:${deps.emailAddress}?subject=${encodeURIComponent(link.code)}`;
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
