/**
 * The articles a STRICT link allows: the visible ones that carry nothing a STRICT conversation may
 * never see. An article is left out when the STRICT output guard would change it (an amount, a payment
 * link), when it holds any URL, or when it names an offer of the catalog. There is no per-link list:
 * what STRICT allows follows from what an article says, so a new article needs no setting.
 */
import { foldText } from '../text.js';
import type { Article, Offer, PaymentLinks } from '../types.js';
import { guardStrict, type StrictPolicy, strictPolicy } from './guard/index.js';

const ANY_URL = /\b(?:https?|hxxps?):\/\/|\bwww\./i;

interface Allowed {
  offers: readonly Offer[];
  paymentLinks: PaymentLinks;
  articles: Article[];
}

/** Per articles array of a catalog snapshot (reused until the catalog changes): decided once. */
const cache = new WeakMap<readonly Article[], Allowed>();

function allowed(article: Article, offerNames: readonly string[], policy: StrictPolicy): boolean {
  const text = `${article.title}\n${article.body}`;
  if (ANY_URL.test(text)) return false;
  if (guardStrict(text, policy).interventions.length > 0) return false;
  const folded = foldText(text);
  return !offerNames.some((name) => folded.includes(name));
}

export function strictArticles(
  articles: readonly Article[],
  offers: readonly Offer[],
  paymentLinks: PaymentLinks,
): Article[] {
  const hit = cache.get(articles);
  if (hit && hit.offers === offers && hit.paymentLinks === paymentLinks) return hit.articles;
  const offerNames = offers.map((offer) => foldText(offer.name.trim())).filter(Boolean);
  // No public URL and no safe domain: an article with any link is left out anyway.
  const policy = strictPolicy({
    prices: offers.map((offer) => offer.price),
    offerNames: offers.map((offer) => offer.name),
    paymentUrls: [...offers.map((offer) => offer.paymentUrl), ...Object.values(paymentLinks)],
  });
  const result = articles.filter((article) => allowed(article, offerNames, policy));
  cache.set(articles, { offers, paymentLinks, articles: result });
  return result;
}
