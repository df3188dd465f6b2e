/**
 * `{link:<id>}` is what the API stores; the coach reads and writes `{link:<name>}`. A name shows only
 * when it names one link and can be read back (no brace): otherwise the id stays, so a message always
 * goes back to the API exactly as it meant.
 */
export interface NamedLink {
  id: string;
  name: string;
}

const BY_ID = /\{link:([^{}\s]+)\}/g;

/** The names that can stand for their link: one link each, no brace in them. */
function nameable(links: readonly NamedLink[]): NamedLink[] {
  const count = new Map<string, number>();
  for (const link of links) count.set(link.name, (count.get(link.name) ?? 0) + 1);
  return links.filter((link) => count.get(link.name) === 1 && link.name.trim() && !/[{}]/.test(link.name));
}

/** How the link is written in the composer. */
export function linkToken(link: NamedLink, links: readonly NamedLink[]): string {
  return nameable(links).some((other) => other.id === link.id) ? `{link:${link.name}}` : `{link:${link.id}}`;
}

/** The stored message as the coach reads it: `{link:<id>}` → `{link:<name>}`. */
export function withLinkNames(message: string, links: readonly NamedLink[]): string {
  const byId = new Map(nameable(links).map((link) => [link.id, link.name]));
  return message.replace(BY_ID, (whole, id: string) => {
    const name = byId.get(id);
    return name === undefined ? whole : `{link:${name}}`;
  });
}

/** The coach's message as the API takes it: `{link:<name>}` → `{link:<id>}`. */
export function withLinkIds(message: string, links: readonly NamedLink[]): string {
  const byName = new Map(nameable(links).map((link) => [link.name, link.id]));
  return message.replace(/\{link:([^{}]+)\}/g, (whole, name: string) => {
    const id = byName.get(name);
    return id === undefined ? whole : `{link:${id}}`;
  });
}
