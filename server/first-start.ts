/** A fresh install gets one STANDARD entry link ("Website"), so the web chat works right away. */
import type { Clock, IdGenerator } from '../core/ids.js';
import type { Store } from '../core/repositories.js';
import type { EntryLink } from '../core/types.js';
import { newLinkCode, newLinkToken } from './admin/link-spec.js';

const FIRST_START_KEY = 'instance.first_start_done';

/** The link to show at start: the one made on the first start, else the oldest link, else none. */
export async function ensureDefaultLink(
  store: Store,
  ids: IdGenerator,
  clock: Clock,
): Promise<EntryLink | null> {
  const links = await store.links.list();
  if (await store.settings.getValue(FIRST_START_KEY)) return links[0] ?? null;
  const now = clock.now().toISOString();
  let link = links[0] ?? null;
  if (!link) {
    link = {
      id: ids.next(),
      name: 'Website',
      mode: 'standard',
      customPrompt: null,
      token: newLinkToken(),
      code: await newLinkCode(store.links),
      createdAt: now,
      updatedAt: now,
    };
    await store.links.create(link);
  }
  await store.settings.setValue(FIRST_START_KEY, now);
  return link;
}
