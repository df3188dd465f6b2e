/**
 * Price contexts that sentence bounds hide from the sentence rule (amounts.ts), over folded text:
 * - a per-unit phrase that opens the clause, then a copula, then the amount ("per hour that's 45",
 *   "pro Stund sind das 45", "à l'heure c'est 45", "all'ora sono 45");
 * - a price label on the line above the amount, with only markup between ("Price:\n450",
 *   "**Prix :**  \n\n450", "Kosten\n- 450", "> Preis:\n> 450", "Price:\\\n450"): folding keeps one line
 *   break per run, and a line is a sentence, so the label and its amount must be joined here;
 * - "45k" / "45 K" with nothing but a connector after it (not "a 5k run", "10k followers").
 */
import { PRICE_WORD, UNIT_NOUN } from './lexicon.js';
import type { NumberToken } from './numbers.js';
import { PRICE_COMPOUND } from './price-nouns.js';

/** A per-word, then an article, with at most one other word on either side ("für den ganzen Monat"). */
const LEAD = String.raw`(?:(?:per|pro|par|pour|for|für|fürs|à|au|la|le|the|each|every|ogni|am|im|je|al|alla|allo|d|die|das|den|de|a|an|in der|i de)\s|all'|dell'|nell')(?:\p{L}+\s)?(?:une?\s|one\s|a\s|an\s|eine?\s|e\s|una?\s|un'|l'|the\s|den\s|die\s|das\s|de\s|il\s|lo\s|d\s|s\s)?(?:\p{L}+\s)?`;
/** Adverbs that say "per unit" on their own: "Monthly, that's 85", "Monatlich: 85". */
const ADVERB =
  'monthly|weekly|yearly|annually|nightly|mensuellement|annuellement|hebdomadairement|monatlich|wöchentlich|' +
  'jährlich|stündlich|mensilmente|settimanalmente|annualmente|monetlich|wöchentlech|jöhrlech|jährlech';
const COPULA = [
  "that's|that is|it's|it is|it'll be|you're looking at|you are looking at|you're at|you are at|we ask|we charge|you pay|costs?|comes to|is",
  "c'est|ça fait|ca fait|on est à|comptez|compte|ce sera|ça sera|vous payez|tu paies|tu payes|ce sont",
  "sind das|sind es|sind's|sinds|ist es|ist das|ist's|" +
    'macht das|macht es|bist du bei|sind wir bei|liegt man bei|liegst du bei|zahlst du|kostet es|kostet das',
  'sono|fa|fanno|siamo a|chiediamo|è|costa|paghi|viene',
  "sind s|sind's|sinds|isch's|ischs|" + 'isch das|isch es|bisch bi|bisch uf|zahlsch|chostet s|choschtet s',
].join('|');
/** The clause before the amount: [start or punctuation] lead unit (or an adverb) [,] copula or colon. */
const PER_BEFORE_RE = new RegExp(
  String.raw`(?:^|[\s,;:(*_>-])(?:${LEAD}(${UNIT_NOUN})(?:\s\p{L}+)?|${ADVERB})(?:,?\s(?:${COPULA}))\s?[:*_"']{0,3}\s?$`,
  'u',
);
/** The same opening as a label at the start of the line: "A month: 85", "Monatlich: 85" (not "participants
 * per session: 12", where the per-unit phrase qualifies another word). */
const PER_LABEL_RE = new RegExp(
  String.raw`^[\s>*_#|+\-•·]*(?:${LEAD}(${UNIT_NOUN})(?:\s\p{L}+)?|${ADVERB})\s?:\s?[*_"']{0,3}\s?$`,
  'u',
);
/** Frequencies: "per week that's 3" is a count. */
const FREQUENCY = /^(?:jours?|days?|tage?s?|giorno|semaines?|weeks?|wochen?|wuche|settimana)$/u;

/** The last word of each copula: a head not ending with one skips the regex (it runs for every number). */
const COPULA_LAST = new Set(COPULA.split('|').map((c) => c.split(' ').at(-1)!));
const TRAILING = /[\s:*_"']+$/u;

export function perUnitBefore(text: string, t: NumberToken): boolean {
  const head = text.slice(Math.max(0, t.start - 60), t.start);
  const trimmed = head.replace(TRAILING, '');
  let m: RegExpExecArray | null = null;
  if (head.slice(trimmed.length).includes(':')) {
    const lineStart = text.lastIndexOf('\n', t.start - 1) + 1;
    if (t.start - lineStart <= 60) m = PER_LABEL_RE.exec(text.slice(lineStart, t.start));
  }
  // Otherwise a copula's last word must end the head: the regex runs only then.
  else if (COPULA_LAST.has(trimmed.slice(trimmed.lastIndexOf(' ') + 1))) m = PER_BEFORE_RE.exec(head);
  return m !== null && !(t.value <= 10 && m[1] !== undefined && FREQUENCY.test(m[1]));
}

/** Markup only between a line start and the amount: list marks, quote marks, emphasis, a table bar. */
const MARKUP_ONLY = /^[\s>*_#|+\-•·]*$/u;
/**
 * Before the amount on its line: markup, a pointing emoji (fold drops the variation selector), a
 * bracket, "≈", a word of approximation.
 */
const AMOUNT_LEAD =
  /^[\s>*_#|+\-•·`'~≈([\p{Extended_Pictographic}]*(?:(?:approx\.?|about|around|from|only|just|environ|dès|à partir de|seulement|ca\.?|circa|ungefähr|ab|nur|öppe|nume|da|solo|verso)\s?)?[\s`~≈([*_]*$/u;
/** A label line: markup, a short label ending with a price word (or "(CHF)"), a colon, a hard break. */
const LABEL_RE = new RegExp(
  String.raw`(?:${PRICE_WORD}|\p{L}*${PRICE_COMPOUND}\p{L}*)[^\n]{0,16}?\s?(?:\([^)\n]{0,12}\))?\s?[:*_\s]*(?:\\|<br\s?\/?>)?\s?$`,
  'u',
);

export function labelAbove(text: string, t: NumberToken): boolean {
  const lineStart = text.lastIndexOf('\n', t.start - 1) + 1;
  if (lineStart === 0 || !AMOUNT_LEAD.test(text.slice(lineStart, t.start))) return false;
  // The nearest line above with more than markup on it (blank and quote-only lines are skipped).
  let end = lineStart - 1;
  for (let hops = 0; hops < 3 && end > 0; hops++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (!MARKUP_ONLY.test(line)) {
      const label = line.replace(/^[\s>*_#|+\-•·]+/u, '');
      return label.length <= 40 && LABEL_RE.test(label);
    }
    end = start - 1;
  }
  return false;
}

const THOUSANDS = /\d\s?k$/u;
const NOT_MONEY_K_BEFORE =
  /(?:^|[^\p{L}])(?:a|the|un|une|ein|einen|e|le|la|il|my|your|our|mon|ton|mein|dein)\s$/u;
const NOT_MONEY_K_AFTER =
  /^\s?(?:run|race|lauf|course|corsa|steps?|schritte|pas|passi|followers?|abonnés|abonnenten|iscritti|views?|vues|likes|km|meters?|m(?![\p{L}])|kcal|cal|calories|kalorien|calorie|reps|people|members|users|leute|personnes|persone|lüüt|words|mots|wörter|parole)/u;

/** "45k", "120 K": thousands, money when no article comes before and no count noun after. */
export function thousandsAmount(text: string, t: NumberToken): boolean {
  if (t.spelled || !THOUSANDS.test(text.slice(t.start, t.end))) return false;
  const head = text.slice(Math.max(0, t.start - 8), t.start);
  return !NOT_MONEY_K_BEFORE.test(head) && !NOT_MONEY_K_AFTER.test(text.slice(t.end, t.end + 12));
}
