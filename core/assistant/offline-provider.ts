/**
 * The offline provider: deterministic answers from the catalog and articles by keyword retrieval,
 * so the product works with no AI key. It reads only the request, like any provider. A question
 * nothing answers is left to the coach (`forCoach`): the customer is told the coach will answer that
 * one, and the next questions are answered as usual. In STRICT mode it answers greetings, from the
 * link's own prompt and from the articles the link allows, and never composes a price or a link,
 * whatever the context holds.
 */
import { AssistantProviderError } from '../errors.js';
import { detectLanguage, isStopword, type Language, words } from '../text.js';
import type { Offer, PaymentLinks } from '../types.js';
import type {
  AssistantCallOptions,
  AssistantProvider,
  AssistantReply,
  AssistantRequest,
} from './provider.js';
import { promptPassages } from './prompt-passages.js';
import { excerpt, firstSentence, formatPrice, REPLIES } from './replies.js';
import { hasPriceIntent, type Match, search } from './retrieval.js';

/** Offers named in a welcome, and listed in answer to a general price question. */
const WELCOME_OFFERS = 3;
const LISTED_OFFERS = 5;
const PAYMENT_ORDER: ReadonlyArray<keyof PaymentLinks> = ['twint', 'stripe', 'paypal', 'other'];

/** Words that make a message a greeting on their own. */
const GREETINGS = new Set(
  `bonjour bonsoir salut coucou hello hi hey hallo servus moin gruezi gruessech hoi ciao
   morning afternoon evening tag morgen abend`.split(/\s+/),
);
/** Words that may come along with a greeting without turning it into a question. */
const GREETING_FILLERS = new Set(
  'good guten bonne journee soiree everyone all there madame monsieur coach team zusammen'.split(' '),
);

/** A greeting and nothing else: "Bonjour !", "Hello, how are you?", "Guten Tag zusammen". */
export function isGreeting(text: string): boolean {
  const folded = words(text);
  let greeted = false;
  for (const w of folded) {
    if (GREETINGS.has(w)) greeted = true;
    else if (!GREETING_FILLERS.has(w) && !isStopword(w)) return false;
  }
  return greeted;
}

function lastUserText(request: AssistantRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const turn = request.messages[i];
    if (turn?.role === 'user') return turn.content.trim();
  }
  return '';
}

/** The offer's own payment link, else the first configured general one. */
function paymentLink(offer: Offer, links: PaymentLinks): string | null {
  if (offer.paymentUrl?.trim()) return offer.paymentUrl.trim();
  for (const key of PAYMENT_ORDER) {
    const url = links[key]?.trim();
    if (url) return url;
  }
  return null;
}

function offerReply(lang: Language, offer: Offer, links: PaymentLinks): string {
  return REPLIES[lang].offer({
    name: offer.name,
    summary: firstSentence(offer.description),
    price: formatPrice(offer.price, offer.currency),
    link: paymentLink(offer, links),
  });
}

function listReply(lang: Language, offers: readonly Offer[]): string {
  const items = offers
    .slice(0, LISTED_OFFERS)
    .map((offer) => ({ name: offer.name, price: formatPrice(offer.price, offer.currency) }));
  return REPLIES[lang].offerList(items);
}

/** Offers sharing the best offer score (matches come best first): one is an answer, several a list. */
function topOffers(matches: readonly Match[]): Offer[] {
  const tied: Offer[] = [];
  let best = 0;
  for (const m of matches) {
    if (m.kind !== 'offer' || m.score < best) continue;
    best = m.score;
    tied.push(m.offer);
  }
  return tied;
}

const forCoach = (lang: Language): AssistantReply => ({ text: REPLIES[lang].forCoach, forCoach: true });

function articleReply(lang: Language, match: Match | undefined): AssistantReply | null {
  if (match?.kind !== 'article') return null;
  return { text: REPLIES[lang].article(match.article.title, excerpt(match.article.body)) };
}

/**
 * STANDARD mode past greetings. A price question goes to the best offer, else to the whole
 * price list; any other question goes to the best match, offer or article; no match is left to the
 * coach.
 */
function standardAnswer(lang: Language, text: string, request: AssistantRequest): AssistantReply {
  const { offers, articles, paymentLinks } = request.context;
  const { priceIntent, matches } = search(text, offers, articles);
  const top = matches[0];
  const tied = topOffers(matches);
  const single = tied.length === 1 ? tied[0] : undefined;
  if (single && (priceIntent || top?.kind === 'offer'))
    return { text: offerReply(lang, single, paymentLinks) };
  if (priceIntent && offers.length > 0) return { text: listReply(lang, tied.length > 1 ? tied : offers) };
  if (top?.kind === 'offer') return { text: listReply(lang, tied) };
  return articleReply(lang, top) ?? forCoach(lang);
}

/**
 * STRICT mode past greetings: a price question is the coach's; otherwise the link's prompt when its
 * describing sentences cover the question, else an allowed article. Offers in the context are never
 * read (a caller may have filled it by mistake).
 */
function strictAnswer(lang: Language, text: string, request: AssistantRequest): AssistantReply {
  if (hasPriceIntent(words(text))) return forCoach(lang);
  const passages = promptPassages(text, request.context.prompt ?? '');
  if (passages) return { text: passages.join(' ') };
  return articleReply(lang, search(text, [], request.context.articles).matches[0]) ?? forCoach(lang);
}

function answer(request: AssistantRequest): AssistantReply {
  const text = lastUserText(request);
  const lang = detectLanguage(text);
  if (!text) return forCoach(lang);
  if (isGreeting(text)) {
    // STRICT names nothing from the catalog, even if a caller filled the context by mistake.
    const offers = request.mode === 'standard' ? request.context.offers : [];
    const names = offers.slice(0, WELCOME_OFFERS).map((offer) => offer.name);
    return { text: REPLIES[lang].welcome(names) };
  }
  if (request.mode === 'strict') return strictAnswer(lang, text, request);
  return standardAnswer(lang, text, request);
}

export function createOfflineProvider(): AssistantProvider {
  return {
    name: 'offline',
    local: true,
    historyTurns: 1,
    async reply(request: AssistantRequest, options?: AssistantCallOptions): Promise<AssistantReply> {
      if (options?.signal?.aborted) throw new AssistantProviderError('The offline provider call was aborted');
      const reply = answer(request);
      options?.onDelta?.(reply.text);
      return reply;
    },
  };
}
