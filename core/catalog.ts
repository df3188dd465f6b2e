/**
 * What the assistant answers from: visible offers, visible articles and the assistant settings, read
 * once and kept until the admin API says they changed (or `ttlMs` passes, for other processes' edits).
 */
import { DEFAULT_ASSISTANT_SETTINGS } from './assistant/defaults.js';
import type { Clock } from './ids.js';
import type { Repositories } from './repositories.js';
import type { Article, AssistantSettings, Offer, PromoCode } from './types.js';

export interface CatalogSnapshot {
  offers: Offer[];
  articles: Article[];
  /** For the engine's fixed promo answers only: never passed to a provider. */
  promoCodes: PromoCode[];
  settings: AssistantSettings;
  /** The payment URLs the coach configured (offers' own, global links), longest first; computed once per load. */
  paymentUrls: string[];
}

function paymentUrlsOf(offers: Offer[], settings: AssistantSettings): string[] {
  const urls = [...offers.map((offer) => offer.paymentUrl), ...Object.values(settings.paymentLinks)].filter(
    (url): url is string => typeof url === 'string' && url.length > 0,
  );
  // Longest first, so a URL that extends another is replaced whole.
  return [...new Set(urls)].sort((a, b) => b.length - a.length);
}

export interface CatalogCache {
  get(): Promise<CatalogSnapshot>;
  /** The last snapshot loaded, without waiting (null before the first load). */
  current(): CatalogSnapshot | null;
  invalidate(): void;
}

export function createCatalogCache(store: Repositories, clock: Clock, ttlMs = 5_000): CatalogCache {
  let snapshot: Promise<CatalogSnapshot> | null = null;
  let last: CatalogSnapshot | null = null;
  let loadedAt = 0;

  async function load(): Promise<CatalogSnapshot> {
    const [offers, articles, promoCodes, settings] = await Promise.all([
      store.offers.listVisible(),
      store.articles.listVisible(),
      store.promoCodes.list(),
      store.settings.getAssistant(),
    ]);
    const current = settings ?? DEFAULT_ASSISTANT_SETTINGS;
    return { offers, articles, promoCodes, settings: current, paymentUrls: paymentUrlsOf(offers, current) };
  }

  function get(): Promise<CatalogSnapshot> {
    const now = clock.now().getTime();
    if (!snapshot || now - loadedAt > ttlMs) {
      loadedAt = now;
      snapshot = load();
      snapshot.then(
        (loaded) => {
          last = loaded;
        },
        () => {
          snapshot = null;
        },
      );
    }
    return snapshot;
  }

  return {
    get,
    current: () => last,
    invalidate() {
      snapshot = null;
      // Reload at once, so settings read without waiting (the reply window) are fresh too.
      get().catch(() => {});
    },
  };
}
