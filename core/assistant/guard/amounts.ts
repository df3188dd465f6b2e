/**
 * Amounts in folded text. A number is an amount when a currency touches it, when it is written the
 * Swiss way ("30.-"), when it follows a before/after pair ("statt 49 nur 39"), when a per-unit form
 * follows it ("29/séance", "29 per class"), when it is a price field of code or JSON, when its sentence
 * speaks of a price, or when its value is one of the catalog's prices. The last four spare numbers that
 * read as something else (harmless.ts): times, dates, counts with a unit, labels, years.
 */
import type { Finding } from './finding.js';
import { harmlessAfter, looksHarmless, looksLikeDay } from './harmless.js';
import {
  AFTER_WORD,
  BEFORE_WORD,
  CURRENCY_AFTER,
  CURRENCY_BEFORE,
  FREQUENCY_UNIT,
  PER_WORD,
  PRICE_WORD,
  PRODUCT_WORD,
  UNIT_NOUN,
} from './lexicon.js';
import { labelAbove, perUnitBefore, thousandsAmount } from './layout-contexts.js';
import { findNumbers, type NumberToken } from './numbers.js';
import { PRICE_COMPOUND } from './price-nouns.js';
import { WEAK_SLANG_RE } from './slang.js';
import { type Sentence, sentenceAt, sentencesOf } from './sentences.js';

const EMPH = `[*_'"]{0,2}`;
const AFTER_RE = new RegExp(`^(?:${EMPH}\\s?\\(?${EMPH}|[;,|] ?)(${CURRENCY_AFTER})`, 'u');
const BEFORE_RE = new RegExp(`(${CURRENCY_BEFORE})${EMPH}\\s?:?\\s?${EMPH}$`, 'u');
const PER_RE = new RegExp(`^\\s?${PER_WORD}\\s?(${UNIT_NOUN})(?![\\p{L}])`, 'u');
const PRICE_RE = new RegExp(PRICE_WORD, 'u');
const COMPOUND_RE = new RegExp(PRICE_COMPOUND, 'u');
const PRODUCT_RE = new RegExp(PRODUCT_WORD, 'u');
const ONLY_RE = new RegExp(`${AFTER_WORD}\\s$`, 'u');
const FIELD_RE =
  /(?:price|prix|preis|priis|prezzo|tarif|tariff|cost|amount|montant|betrag|importo|fee|kosten|choschte)[\p{L}\w-]*["']?\s?[:=]\s?["'[]?$/u;
const BEFORE_RE_ONE = new RegExp(BEFORE_WORD, 'u');
const PAIR_RE = new RegExp(`(${BEFORE_WORD})[\\s\\S]*?((?:${AFTER_WORD}\\s?)+)`, 'gu');
/** "Fr" before a number that is a time, a date or a weekday range is Friday. */
const FRIDAY_AFTER =
  /^\s?(?:\d{1,2}(?:[.:h]\d{2})?\s?(?:-\s?\d{1,2}(?:[.:h]\d{2})?\s?)?(?:uhr|h(?![\p{L}]))|\d{1,2}\.\d{1,2}\.|\d{1,2}:\d{2}|\d{1,2}\.\s?(?:jan|feb|m[äa]r|apr|mai|jun|jul|aug|sep|okt|nov|dez))/u;
const FRIDAY_BEFORE = /(?:mo|lu|mon|di|mi|do)\s?-\s?fr\.?\s?$/u;

interface Context {
  text: string;
  sentences: Sentence[];
  priceSentence: (i: number) => boolean;
  productSentence: (i: number) => boolean;
  secrets: ReadonlySet<number>;
}

function currencySpan(c: Context, t: NumberToken): [number, number] | null {
  const after = AFTER_RE.exec(c.text.slice(t.end, t.end + 40));
  // "10 pounds" is a weight and "3 balles" a count of balls unless the sentence speaks of a price.
  const thing =
    after &&
    (/^pounds?$/.test(after[1]!) || (t.value < 5 && WEAK_SLANG_RE.test(after[1]!))) &&
    !c.priceSentence(sentenceAt(c.sentences, t.start));
  // "un franc succès": a spelled "one" before the singular is the adjective.
  const adjective = after && t.spelled && after[1] === 'franc';
  if (after && !thing && !adjective) return [t.start, t.end + after[0].length];
  // The longest currency before an amount ("franchi svizzeri", emphasis, colon) fits in 24 characters.
  const head = c.text.slice(Math.max(0, t.start - 24), t.start);
  const before = BEFORE_RE.exec(head);
  if (!before) return null;
  const isFr = /^s?fr\.?$/.test(before[1]!);
  if (isFr && (FRIDAY_AFTER.test(c.text.slice(t.start, t.start + 30)) || FRIDAY_BEFORE.test(head)))
    return null;
  return [t.start - before[0].length, t.end];
}

function perUnit(c: Context, t: NumberToken): boolean {
  const m = PER_RE.exec(c.text.slice(t.end, t.end + 40));
  if (!m) return false;
  // "3 per week" is a frequency; "29/Woche" is a price.
  return !(t.value <= 10 && !m[0].includes('/') && new RegExp(`^${FREQUENCY_UNIT}$`, 'u').test(m[1]!));
}

/** Numbers right after a before-word and right after the after-word that follows it. */
function beforeAfterNumbers(c: Context, numbers: NumberToken[]): Set<NumberToken> {
  const out = new Set<NumberToken>();
  const startingNear = (pos: number) => numbers.find((n) => n.start >= pos && n.start - pos <= 3);
  for (const s of c.sentences) {
    const sentence = c.text.slice(s.start, s.end);
    if (!BEFORE_RE_ONE.test(sentence)) continue;
    PAIR_RE.lastIndex = 0;
    for (const m of sentence.matchAll(PAIR_RE)) {
      const first = startingNear(s.start + m.index + m[1]!.length);
      const second = startingNear(s.start + m.index + m[0].length);
      if (first && second && first.end <= second.start) out.add(first).add(second);
    }
  }
  return out;
}

/** A short sentence right after another on the same line answers it: "Le prix ? Vingt-neuf." */
function shortAfter(c: Context, i: number): boolean {
  const s = c.sentences[i]!;
  return i > 0 && s.end - s.start < 40 && !c.text.slice(c.sentences[i - 1]!.end - 1, s.start).includes('\n');
}

function isAmount(c: Context, t: NumberToken, pairs: Set<NumberToken>): [number, number] | null {
  const currency = currencySpan(c, t);
  if (currency) return currency;
  if (t.swissDash || pairs.has(t)) return [t.start, t.end];
  if (t.spelled && t.value < 2) return null;
  // A per-unit form first: "1,2k im Jahr" is a price even though a word follows the number.
  if (perUnit(c, t)) return [t.start, t.end];
  // "per hour that's 45", "Price:\n450", "45k": contexts the sentence rule cannot see (layout-contexts.ts).
  // The per-unit clause goes before the clock rule ("a session, you're looking at 18"), not a noun after.
  // "45k" too: a pronoun may follow ("45 K you're in"); the count nouns it may not are its own list.
  if ((perUnitBefore(c.text, t) && !harmlessAfter(c.text, t)) || thousandsAmount(c.text, t))
    return [t.start, t.end];
  if (looksHarmless(c.text, t)) return null;
  if (labelAbove(c.text, t)) return [t.start, t.end];
  const line = c.text.lastIndexOf('\n', t.start - 1) + 1;
  const field = c.text.slice(Math.max(line, t.start - 40), t.start);
  if (/[:=][\s"'[]{0,3}$/.test(field) && FIELD_RE.test(field)) return [t.start, t.end];
  const sentence = sentenceAt(c.sentences, t.start);
  if (
    c.priceSentence(sentence) ||
    (shortAfter(c, sentence) && c.priceSentence(sentence - 1)) ||
    ONLY_RE.test(c.text.slice(Math.max(0, t.start - 12), t.start))
  )
    return [t.start, t.end];
  // A bare number in a sentence about an offer: "A private class is 90", "Ticket: 25". Below ten it
  // is more likely a count or a step ("Séance 1 à 3") than a coach's price.
  if (c.productSentence(sentence) && t.value >= 10 && !looksLikeDay(c.text, t)) return [t.start, t.end];
  if (c.secrets.has(t.value)) return [t.start, t.end];
  return null;
}

/** Whether sentence i matches `re`, computed once per sentence. */
function sentenceTest(
  text: string,
  sentences: Sentence[],
  test: (s: string) => boolean,
): (i: number) => boolean {
  const cache = new Map<number, boolean>();
  return (i) => {
    let has = cache.get(i);
    if (has === undefined) {
      has = test(text.slice(sentences[i]!.start, sentences[i]!.end));
      cache.set(i, has);
    }
    return has;
  };
}

/** Accents dropped, hyphens and underscores as spaces, runs of spaces as one. */
const loose = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\s_-]+/g, ' ');

const LOOSE_HINT = /[^\n -~]|[-_]/u;
const includesAny = (s: string, names: readonly string[]) => names.some((name) => s.includes(name));

/** What the catalog tells the amount rules: its prices, and its offers' names (folded). */
export interface CatalogHints {
  prices: ReadonlySet<number>;
  offerNames: readonly string[];
}

export function findAmounts(
  text: string,
  catalog: CatalogHints,
  skip: (start: number, end: number) => boolean,
): Finding[] {
  const sentences = sentencesOf(text);
  // A sentence naming one of the catalog's offers is about an offer, whatever words it uses.
  // Names are also compared loosely: accents dropped, hyphens as spaces ("Meditation-guidee").
  const looseNames = catalog.offerNames.map(loose);
  const aboutOffer = (s: string) =>
    PRODUCT_RE.test(s) ||
    catalog.offerNames.some((name) => s.includes(name)) ||
    // Only accents, hyphens or underscores make the loose form differ: plain ASCII skips the NFD.
    (looseNames.length > 0 && includesAny(LOOSE_HINT.test(s) ? loose(s) : s, looseNames));
  const c: Context = {
    text,
    sentences,
    priceSentence: sentenceTest(text, sentences, (s) => PRICE_RE.test(s) || COMPOUND_RE.test(s)),
    productSentence: sentenceTest(text, sentences, aboutOffer),
    secrets: catalog.prices,
  };
  const numbers = findNumbers(text).filter((n) => !skip(n.start, n.end));
  const pairs = beforeAfterNumbers(c, numbers);
  const out: Finding[] = [];
  for (const t of numbers) {
    const span = isAmount(c, t, pairs);
    if (span) out.push({ start: span[0], end: span[1], kind: 'amount' });
  }
  return out;
}
