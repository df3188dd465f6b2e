/**
 * Tracked payment links: every payment URL the assistant sends (an offer's own, or one of the global
 * payment links) is replaced by `<base>/p/<id>`, which counts the click on the conversation and
 * redirects. Only URLs the coach configured are rewritten, so a link the model invents is left to the
 * guard and the prompt rules rather than being turned into a working redirect.
 */
import type { IdGenerator } from '../ids.js';
import type { TrackedLinkRepository } from '../repositories.js';

export async function trackPaymentLinks(
  links: TrackedLinkRepository,
  ids: IdGenerator,
  now: string,
  conversationId: string,
  text: string,
  urls: string[],
  baseUrl: string,
): Promise<string> {
  let out = text;
  for (const url of urls) {
    if (!out.includes(url)) continue;
    const link = await links.create({
      id: ids.next(),
      conversationId,
      url,
      clicks: 0,
      createdAt: now,
      lastClickAt: null,
    });
    out = out.split(url).join(`${baseUrl}/p/${link.id}`);
  }
  return out;
}
