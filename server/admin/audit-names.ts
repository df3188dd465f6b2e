/**
 * The audit log as people read it: who (the admin's name) and what (the target's name, found by the
 * action's area: a contact, group, campaign, user, link, offer, article or promo code). A target that
 * is gone, or an area without names, keeps its id with `targetName: null`.
 */
import type { Repositories } from '../../core/repositories.js';
import type { AuditEntry } from '../../core/types.js';

type NameOf = (store: Repositories, id: string) => Promise<string | null | undefined>;

const NAMES: Record<string, NameOf> = {
  contacts: async (store, id) => (await store.contacts.get(id))?.name,
  groups: async (store, id) => (await store.conversations.get(id))?.title,
  conversations: async (store, id) => (await store.conversations.get(id))?.title,
  campaigns: async (store, id) => (await store.campaigns.get(id))?.name,
  users: async (store, id) => (await store.adminUsers.get(id))?.name,
  links: async (store, id) => (await store.links.get(id))?.name,
  offers: async (store, id) => (await store.offers.get(id))?.name,
  articles: async (store, id) => (await store.articles.get(id))?.title,
  'promo-codes': async (store, id) => (await store.promoCodes.get(id))?.code,
};

export type NamedAuditEntry = AuditEntry & {
  user: { id: string; name: string } | null;
  targetName: string | null;
};

export async function nameAuditEntries(
  store: Repositories,
  entries: AuditEntry[],
): Promise<NamedAuditEntry[]> {
  const cache = new Map<string, Promise<string | null>>();
  const lookup = (key: string, find: () => Promise<string | null | undefined>) => {
    let found = cache.get(key);
    if (!found) {
      found = find().then((name) => name ?? null);
      cache.set(key, found);
    }
    return found;
  };
  return Promise.all(
    entries.map(async (entry) => {
      const userId = entry.userId;
      const userName = userId
        ? await lookup(`users:${userId}`, async () => (await store.adminUsers.get(userId))?.name)
        : null;
      const area = entry.action.split('.')[0] ?? '';
      const nameOf = Object.hasOwn(NAMES, area) ? NAMES[area] : undefined;
      const target = entry.target;
      const targetName =
        target && nameOf ? await lookup(`${area}:${target}`, () => nameOf(store, target)) : null;
      return { ...entry, user: userId ? { id: userId, name: userName ?? userId } : null, targetName };
    }),
  );
}
