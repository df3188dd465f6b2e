/**
 * Numbers that read as something other than a price, for the rules that have no currency to go by:
 * times, dates, versions, percentages, counts with a unit ("3 séances", "45 Minuten"), labels ("salle
 * 204", "version 2"), years. A currency next to the number overrides all of these (amounts.ts).
 */
import { CONNECTOR, CURRENCY_AFTER, DAY_BEFORE, LABEL_BEFORE, PRODUCT_LABEL } from './lexicon.js';
import type { NumberToken } from './numbers.js';

const SHAPE_AFTER =
  /^(?:\s?(?:%|°|‰|x(?![\p{L}])|×)|[:h]\d{2}|h(?![\p{L}])|\.\d+\.\d|\/\d|\s?-\s?\d{1,2}\s?(?:uhr|h(?![\p{L}])|%)|(?:st|nd|rd|th|er|e|ème|eme|°|ª|º)(?![\p{L}])|\.(?=\s?(?:jan|feb|f[ée]v|m[äa]r|apr|avr|mai|may|jun|jui|jul|aug|ao[uû]|sep|o[ck]t|nov|d[eé][cz]|gen|giu|lug|ago|set|dic)))/u;
const TIME_AFTER =
  /^\s?(?:uhr|h(?![\p{L}])|am(?![\p{L}])|pm(?![\p{L}])|a\.m\.|p\.m\.|o'clock|heures?(?!\s?(?:de|d'))|ore(?![\p{L}]))/u;
const WORD_AFTER = new RegExp(`^ ?(?:${CONNECTOR}(?![\\p{L}])|(${CURRENCY_AFTER}))`, 'u');
const LABEL_RE = new RegExp(LABEL_BEFORE, 'u');
const CURRENCY_START = new RegExp(`^${CURRENCY_AFTER}`, 'u');
const PRODUCT_LABEL_RE = new RegExp(PRODUCT_LABEL, 'u');
const DAY_RE = new RegExp(DAY_BEFORE, 'u');

function dottedDate(text: string, t: NumberToken): boolean {
  // "12.6." and "12.06.2025": a day and a month with a dot after.
  const raw = text.slice(t.start, t.end);
  const m = /^(\d{1,2})[.](\d{1,2})$/.exec(raw);
  if (!m || Number(m[1]) > 31 || Number(m[2]) > 12 || Number(m[2]) === 0) return false;
  return /^\.(?:\d{2,4}|\s|$|[,;)])/.test(text.slice(t.end, t.end + 5)) || text[t.end] === undefined;
}

/** "alle 18", "dalle 7", "um 7", "at 6": an hour. */
const CLOCK_BEFORE = /(?<![\p{L}])(?:alle|dalle|fino alle|entro le|um|at|ore|vers|gegen|verso|am|ab|dès)\s$/u;

/** "12-14 September", "120 et 140 bpm": the first number of a range reads as the last. */
const RANGE_PARTNER = /^ ?(?:-|to|à|a|al|bis|e|et|and|und|ou|or|oder|o) ?\d+(?:[.,]\d+)?/u;

/** What follows the number (or its range) makes it a time, a date, a percentage or a count of things. */
export function harmlessAfter(text: string, t: NumberToken): boolean {
  const partner = RANGE_PARTNER.exec(text.slice(t.end, t.end + 16));
  const end = partner ? t.end + partner[0].length : t.end;
  const after = text.slice(end, end + 30);
  if (SHAPE_AFTER.test(after) || TIME_AFTER.test(after) || dottedDate(text, t)) return true;
  // "10-class pass", "8-week program": a compound adjective ("a hundred-dollar session" is money).
  if (/^-\p{L}/u.test(after) && !CURRENCY_START.test(after.slice(1))) return true;
  // A word right after the number is its unit or noun, unless it is a connector or a currency.
  return /^ ?[\p{L}]/u.test(after) && !WORD_AFTER.test(after);
}

export function looksHarmless(text: string, t: NumberToken): boolean {
  if (harmlessAfter(text, t)) return true;
  // After a sign, or the second half of "12.5", "24/7", "7j/7", "24h/24".
  if (/[+#]\s?$|\d[.:/-]$|\d\p{L}{1,3}\/$/u.test(text.slice(Math.max(0, t.start - 6), t.start))) return true;
  const head = text.slice(Math.max(0, t.start - 24), t.start);
  if (t.value <= 24 && Number.isInteger(t.value) && CLOCK_BEFORE.test(head)) return true;
  if (LABEL_RE.test(head) || PRODUCT_LABEL_RE.test(head)) return true;
  if (!t.spelled && Number.isInteger(t.value) && t.value >= 1900 && t.value <= 2099 && t.end - t.start === 4)
    return true;
  return false;
}

/** "June 12", "le 12", "im 2. Stock": a day or an ordinal, for the weaker offer rule only. */
export function looksLikeDay(text: string, t: NumberToken): boolean {
  if (t.spelled || !Number.isInteger(t.value) || t.value < 1 || t.value > 31) return false;
  return (
    DAY_RE.test(text.slice(Math.max(0, t.start - 12), t.start)) ||
    /^\. \p{L}/u.test(text.slice(t.end, t.end + 3))
  );
}
