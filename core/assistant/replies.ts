/**
 * Localized answer templates of the offline provider, and the helpers that shape catalog text into
 * chat-sized answers. Every template only assembles what the caller passes: what reaches the
 * customer in STRICT mode is decided by the provider, never by a template.
 */
import type { Language } from '../text.js';

export interface OfferView {
  name: string;
  summary: string;
  /** Already formatted ("490 CHF"), or null for a free offer. */
  price: string | null;
  link: string | null;
}

export interface PricedName {
  name: string;
  price: string | null;
}

export interface Replies {
  welcome(offerNames: readonly string[]): string;
  /** A question nothing answers: the coach will, and the assistant is still there for the others. */
  forCoach: string;
  offer(view: OfferView): string;
  offerList(items: readonly PricedName[]): string;
  article(title: string, excerpt: string): string;
}

interface Labels {
  hello: string;
  canTell: string;
  ask: string;
  help: string;
  forCoach: string;
  price: string;
  free: string;
  book: string;
  ourOffers: string;
  which: string;
  colon: string;
}

const LABELS: Record<Language, Labels> = {
  fr: {
    hello: 'Bonjour !',
    canTell: 'Je peux vous renseigner sur',
    ask: 'Que souhaitez-vous savoir ?',
    help: 'Comment puis-je vous aider ?',
    forCoach:
      'Merci pour votre question. Je n’ai pas la réponse : je la transmets au coach, qui vous répondra ici. Je reste à votre disposition pour vos autres questions.',
    price: 'Prix',
    free: 'gratuit',
    book: 'Pour réserver',
    ourOffers: 'Voici nos offres',
    which: 'Laquelle vous intéresse ?',
    // French typography puts a space before a colon.
    colon: ' :',
  },
  en: {
    hello: 'Hello!',
    canTell: 'I can tell you about',
    ask: 'What would you like to know?',
    help: 'How can I help you?',
    forCoach:
      "Thank you for your question. I don't have the answer, so I am passing your question on to the coach, who will answer you here. Meanwhile, feel free to ask me anything else.",
    price: 'Price',
    free: 'free',
    book: 'To book',
    ourOffers: 'Here are our offers',
    which: 'Which one interests you?',
    colon: ':',
  },
  de: {
    hello: 'Hallo!',
    canTell: 'Ich kann Ihnen Auskunft geben über',
    ask: 'Was möchten Sie wissen?',
    help: 'Wie kann ich Ihnen helfen?',
    forCoach:
      'Danke für Ihre Frage. Darauf habe ich keine Antwort: Ich leite Ihre Frage an den Coach weiter, der Ihnen hier antworten wird. Andere Fragen beantworte ich gerne weiterhin.',
    price: 'Preis',
    free: 'kostenlos',
    book: 'Zur Buchung',
    ourOffers: 'Hier sind unsere Angebote',
    which: 'Welches interessiert Sie?',
    colon: ':',
  },
};

function makeReplies(l: Labels): Replies {
  const priceText = (price: string | null): string => price ?? l.free;
  return {
    welcome: (names) =>
      names.length > 0
        ? `${l.hello} ${l.canTell}${l.colon} ${names.join(', ')}. ${l.ask}`
        : `${l.hello} ${l.help}`,
    forCoach: l.forCoach,
    offer: (view) => {
      const head = view.summary ? `${view.name} — ${view.summary}` : view.name;
      const lines = [head, `${l.price}${l.colon} ${priceText(view.price)}`];
      if (view.link) lines.push(`${l.book}${l.colon} ${view.link}`);
      return lines.join('\n');
    },
    offerList: (items) =>
      [
        `${l.ourOffers}${l.colon}`,
        ...items.map((item) => `- ${item.name}${l.colon} ${priceText(item.price)}`),
        l.which,
      ].join('\n'),
    article: (title, excerpt) => (excerpt ? `${title}\n\n${excerpt}` : title),
  };
}

export const REPLIES: Record<Language, Replies> = {
  fr: makeReplies(LABELS.fr),
  en: makeReplies(LABELS.en),
  de: makeReplies(LABELS.de),
};

/** "490 CHF", "49.90 EUR": no decimals for whole amounts, two otherwise; null for a free offer. */
export function formatPrice(amount: number, currency: string): string | null {
  if (!Number.isFinite(amount) || amount <= 0) return null;
  const rounded = Math.round(amount * 100) / 100;
  const digits = Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(2);
  const code = currency.trim().toUpperCase();
  return code ? `${digits} ${code}` : digits;
}

/** Cut at the last word boundary before max characters, with an ellipsis. */
function cutAtWord(s: string, max: number): string {
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** The first sentence of a description, at most max characters. */
export function firstSentence(text: string, max = 200): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const end = clean.search(/[.!?](\s|$)/);
  const sentence = end >= 0 ? clean.slice(0, end + 1) : clean;
  return sentence.length <= max ? sentence : cutAtWord(sentence, max);
}

/**
 * A body trimmed to about max characters: at the last sentence end when that keeps at least half of
 * it, else at a word boundary with an ellipsis.
 */
export function excerpt(text: string, max = 400): string {
  // Tidy only the head: article bodies can be long and this runs per answer.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const clean = head
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (clean.length <= max && head === text) return clean;
  const cut = clean.slice(0, max + 1);
  let lastEnd = -1;
  for (const m of cut.matchAll(/[.!?](?=\s)/g)) lastEnd = m.index;
  if (lastEnd >= max / 2) return cut.slice(0, lastEnd + 1);
  return cutAtWord(clean, max);
}
