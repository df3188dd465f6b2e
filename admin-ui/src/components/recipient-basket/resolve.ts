import { listContacts } from '../../lib/contacts.js';
import type { Group } from '../../lib/types.js';
import type { BasketItem } from './index.js';

export interface Known {
  groups: Group[];
  /** How many contacts there are; null while unknown. */
  everyone: number | null;
  /** The label of "every contact", in the panel's language. */
  everyoneLabel: string;
  /** The label of one post into a group's chat, in the panel's language. */
  groupChatLabel(name: string): string;
}

/**
 * Names and counts for items that came without them (a saved or duplicated campaign gives only its
 * targets): a group by its name and members, a tag by the contacts that have it, a contact by its
 * name. Null when nothing was missing.
 */
export async function resolveItems(items: BasketItem[], known: Known): Promise<BasketItem[] | null> {
  const missing = items.filter((item) => item.count === null);
  if (missing.length === 0) return null;
  const tags = new Map<string, number | null>();
  for (const item of missing) {
    const tag = item.target.type === 'tag' ? item.target.id : undefined;
    if (tag && !tags.has(tag))
      tags.set(
        tag,
        await listContacts({ tag }, 1, 1).then(
          (body) => body.total,
          () => null,
        ),
      );
  }
  // A small business: the first 200 contacts name them (else the shortened id stays).
  const names = missing.some((item) => item.target.type === 'contact')
    ? await listContacts({}, 1, 200).then(
        (body) => new Map(body.items.map((contact) => [contact.id, contact.name])),
        () => new Map<string, string>(),
      )
    : new Map<string, string>();
  const groups = new Map(known.groups.map((group) => [group.id, group]));
  return items.map((item) => {
    if (item.count !== null) return item;
    const { type, id = '' } = item.target;
    if (type === 'all') return { ...item, label: known.everyoneLabel, count: known.everyone };
    if (type === 'tag') return { ...item, count: tags.get(id) ?? null };
    if (type === 'contact') return { ...item, label: names.get(id) ?? item.label, count: 1 };
    const group = groups.get(id);
    if (!group) return item;
    const label = type === 'conversation' ? known.groupChatLabel(group.name) : group.name;
    return { ...item, label, count: group.memberCount };
  });
}
