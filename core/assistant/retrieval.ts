/**
 * Keyword retrieval over the catalog for the offline provider. The tokenized index of a catalog is
 * built once and cached, so answering a message costs a few map lookups per query token, not a pass
 * over every offer's text (the offline provider runs in the hot path of the message benchmark).
 */
import { stem, tokensOf, words } from '../text.js';
import type { Article, Offer } from '../types.js';

/** A hit in an offer's name or an article's title says more than one in the body. */
const TITLE_WEIGHT = 3;
const BODY_WEIGHT = 1;
/** A prefix hit ("medit" → "meditation", "meditationskurs" → "meditation") counts half an exact hit. */
const PREFIX_HIT = 0.5;
/** Shorter prefixes match too much ("co" → "coaching", "cours", "cout"). */
const MIN_PREFIX = 4;
/** Lowest raw score that counts: one prefix hit in a title (1.5), or two exact hits in a body. */
export const MIN_SCORE = 1.5;
/** Ranking multiplier for offers when the customer asks about prices. */
export const PRICE_BOOST = 1.5;
/** Catalog versions kept; more than one because links and tests may pass different catalogs. */
const CACHE_LIMIT = 64;

const PRICE_WORDS = new Set(
  `prix tarif tarifs combien cout couts coute coutent couter price prices pricing cost costs
   preis preise kostet kosten wieviel`.split(/\s+/),
);
const PRICE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['how', 'much'],
  ['wie', 'viel'],
];
/** Price words say what the customer wants to know about an offer, not which offer: never scored. */
const PRICE_STEMS = new Set([...PRICE_WORDS].map(stem));

export type Match =
  | { kind: 'offer'; offer: Offer; score: number }
  | { kind: 'article'; article: Article; score: number };

export interface SearchResult {
  priceIntent: boolean;
  /** Best first; offers before articles on equal scores. Scores of offers include the price boost. */
  matches: Match[];
}

interface Posting {
  doc: number;
  weight: number;
}

interface SearchIndex {
  /** Title and body of every document, in order: a cache hit is checked against them. */
  sources: string[];
  size: number;
  postings: Map<string, Posting[]>;
  /** All indexed tokens, sorted, for prefix lookups by binary search. */
  sorted: string[];
}

/** Folded words of a message: one price word, or "how much" / "wie viel". */
export function hasPriceIntent(folded: readonly string[]): boolean {
  for (let i = 0; i < folded.length; i++) {
    const w = folded[i] as string;
    if (PRICE_WORDS.has(w)) return true;
    const next = folded[i + 1];
    if (next !== undefined && PRICE_PAIRS.some(([a, b]) => a === w && b === next)) return true;
  }
  return false;
}

function addField(postings: Map<string, Posting[]>, doc: number, text: string, weight: number): void {
  for (const token of new Set(tokensOf(words(text)))) {
    let list = postings.get(token);
    if (!list) {
      list = [];
      postings.set(token, list);
    }
    list.push({ doc, weight });
  }
}

function buildIndex(titles: readonly string[], bodies: readonly string[]): SearchIndex {
  const postings = new Map<string, Posting[]>();
  const sources: string[] = [];
  titles.forEach((title, doc) => {
    const body = bodies[doc] ?? '';
    addField(postings, doc, title, TITLE_WEIGHT);
    addField(postings, doc, body, BODY_WEIGHT);
    sources.push(title, body);
  });
  return { sources, size: titles.length, postings, sorted: [...postings.keys()].sort() };
}

interface Doc {
  id: string;
  updatedAt: string;
}

interface IndexCache<T extends Doc> {
  /** Fast path: the engine passing the same array again. */
  byArray: WeakMap<readonly T[], SearchIndex>;
  /** Catalogs re-read from the store: new arrays, same ids + updatedAt. */
  byKey: Map<string, SearchIndex>;
  title: (item: T) => string;
  body: (item: T) => string;
}

function indexCache<T extends Doc>(title: (item: T) => string, body: (item: T) => string): IndexCache<T> {
  return { byArray: new WeakMap(), byKey: new Map(), title, body };
}

const offerCache = indexCache<Offer>(
  (o) => o.name,
  (o) => o.description,
);
const articleCache = indexCache<Article>(
  (a) => a.title,
  (a) => a.body,
);

/**
 * Texts are compared on every hit (equal strings are usually the same reference, so this is cheap):
 * an array mutated in place, or fixtures reusing ids and timestamps with other texts, must not get a
 * stale index.
 */
function isCurrent<T extends Doc>(index: SearchIndex, items: readonly T[], cache: IndexCache<T>): boolean {
  if (index.size !== items.length) return false;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    if (index.sources[2 * i] !== cache.title(item) || index.sources[2 * i + 1] !== cache.body(item))
      return false;
  }
  return true;
}

function cachedIndex<T extends Doc>(cache: IndexCache<T>, items: readonly T[]): SearchIndex {
  const same = cache.byArray.get(items);
  if (same && isCurrent(same, items, cache)) return same;
  let key = '';
  for (const item of items) key += `${item.id}\u0001${item.updatedAt}\u0002`;
  let index = cache.byKey.get(key);
  if (!index || !isCurrent(index, items, cache)) {
    index = buildIndex(items.map(cache.title), items.map(cache.body));
    cache.byKey.delete(key);
    cache.byKey.set(key, index);
    if (cache.byKey.size > CACHE_LIMIT) {
      const oldest = cache.byKey.keys().next().value;
      if (oldest !== undefined) cache.byKey.delete(oldest);
    }
  }
  cache.byArray.set(items, index);
  return index;
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Best hit (exact 1, prefix 0.5) of one query token on each posting, i.e. each document field. */
function tokenHits(index: SearchIndex, q: string): Map<Posting, number> {
  const hits = new Map<Posting, number>();
  const mark = (list: Posting[] | undefined, hit: number): void => {
    for (const p of list ?? []) if ((hits.get(p) ?? 0) < hit) hits.set(p, hit);
  };
  mark(index.postings.get(q), 1);
  if (q.length < MIN_PREFIX) return hits;
  // Indexed tokens that extend the query token: "medit" finds "meditation".
  for (let i = lowerBound(index.sorted, q); index.sorted[i]?.startsWith(q); i++) {
    mark(index.postings.get(index.sorted[i] as string), PREFIX_HIT);
  }
  // Indexed tokens the query token extends: German compounds, "meditationskurs" finds "meditation".
  for (let len = MIN_PREFIX; len < q.length; len++) mark(index.postings.get(q.slice(0, len)), PREFIX_HIT);
  return hits;
}

function scoreAll(index: SearchIndex, tokens: readonly string[]): Float64Array {
  const scores = new Float64Array(index.size);
  for (const q of tokens) {
    for (const [posting, hit] of tokenHits(index, q)) {
      scores[posting.doc] = (scores[posting.doc] ?? 0) + posting.weight * hit;
    }
  }
  return scores;
}

/** Offers and articles matching a customer message, best first, above MIN_SCORE. */
export function search(query: string, offers: readonly Offer[], articles: readonly Article[]): SearchResult {
  const folded = words(query);
  const priceIntent = hasPriceIntent(folded);
  const tokens = [...new Set(tokensOf(folded))].filter((t) => !PRICE_STEMS.has(t));
  const matches: Match[] = [];
  if (tokens.length === 0) return { priceIntent, matches };
  const boost = priceIntent ? PRICE_BOOST : 1;
  const offerScores = scoreAll(cachedIndex(offerCache, offers), tokens);
  offers.forEach((offer, i) => {
    const score = offerScores[i] ?? 0;
    if (score >= MIN_SCORE) matches.push({ kind: 'offer', offer, score: score * boost });
  });
  const articleScores = scoreAll(cachedIndex(articleCache, articles), tokens);
  articles.forEach((article, i) => {
    const score = articleScores[i] ?? 0;
    if (score >= MIN_SCORE) matches.push({ kind: 'article', article, score });
  });
  // Stable sort: offers were pushed first, so they stay ahead of articles on equal scores.
  matches.sort((a, b) => b.score - a.score);
  return { priceIntent, matches };
}
