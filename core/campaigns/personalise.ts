/** The campaign message for one recipient: {firstName}, {name} and {link:<entry link id>}. */

const LINK = /\{link:([^{}\s]+)\}/g;

/** The entry link ids a message refers to, each once. */
export function linkIdsIn(template: string): string[] {
  return [...new Set([...template.matchAll(LINK)].map((match) => match[1]!))];
}

export interface Recipient {
  /** The contact's name; null when posting into a group conversation (no one person). */
  name: string | null;
}

/**
 * Fills the variables: `links` maps an entry link id to its URL. In a group post {firstName} and
 * {name} have no one person to stand for and are left out (with the space before them).
 */
export function personalise(
  template: string,
  recipient: Recipient,
  links: ReadonlyMap<string, string>,
): string {
  const name = recipient.name?.trim() ?? '';
  const firstName = name.split(/\s+/)[0] ?? '';
  let text = template.replace(LINK, (whole, id: string) => links.get(id) ?? whole);
  if (name) return text.replaceAll('{firstName}', firstName).replaceAll('{name}', name);
  text = text.replace(/ ?\{(firstName|name)\}/g, '');
  return text.trim();
}
