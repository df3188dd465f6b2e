/**
 * Promo codes as the assistant handles them without a model: spot a code in a customer message,
 * check it, and answer with fixed localized text. Nothing here counts a use: redeeming is the
 * payment side's business.
 */
import { formatPrice } from './assistant/replies.js';
import { foldText, type Language } from './text.js';
import type { PromoCode } from './types.js';

export type PromoCheck = { ok: true } | { ok: false; reason: 'expired' | 'exhausted' };

/** Letters, digits and underscore glue a code to its neighbours: "SPRING100" is not "SPRING10". */
const WORD_CHAR = /[\p{L}\p{N}_]/u;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && WORD_CHAR.test(c);
}

function containsWord(haystack: string, needle: string): boolean {
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (!isWordChar(haystack[at - 1]) && !isWordChar(haystack[at + needle.length])) return true;
  }
  return false;
}

/**
 * The code the customer wrote as a whole word, compared folded (case and accents ignored). When
 * several match ("SPRING10" and "SPRING10-VIP"), the longest wins.
 */
export function findPromoCode(text: string, codes: PromoCode[]): PromoCode | null {
  const haystack = foldText(text);
  let best: PromoCode | null = null;
  let bestLength = 0;
  for (const code of codes) {
    const needle = foldText(code.code.trim());
    if (needle.length > bestLength && containsWord(haystack, needle)) {
      best = code;
      bestLength = needle.length;
    }
  }
  return best;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The last valid instant of validUntil, or null for none. A bare date ("2026-11-24") is valid the
 * whole day (UTC); an unparsable value counts as no expiry.
 */
function endOfValidity(validUntil: string | null): number | null {
  if (!validUntil) return null;
  const value = validUntil.trim();
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T23:59:59.999Z` : value);
  return Number.isNaN(ms) ? null : ms;
}

/** Expired wins over exhausted; maxUses null means unlimited, validUntil null means no expiry. */
export function checkPromo(code: PromoCode, now: Date): PromoCheck {
  const end = endOfValidity(code.validUntil);
  if (end !== null && now.getTime() > end) return { ok: false, reason: 'expired' };
  if (code.maxUses !== null && code.uses >= code.maxUses) return { ok: false, reason: 'exhausted' };
  return { ok: true };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "24.11.2026" (fr, de) or "24 Nov 2026" (en), from the calendar date written in the ISO string. */
export function formatPromoDate(iso: string, lang: Language): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso.trim());
  if (!m) return null;
  const year = m[1]!;
  const month = m[2]!;
  const day = m[3]!;
  const monthIndex = Number(month) - 1;
  if (monthIndex < 0 || monthIndex > 11 || Number(day) < 1 || Number(day) > 31) return null;
  return lang === 'en' ? `${Number(day)} ${MONTHS[monthIndex]} ${year}` : `${day}.${month}.${year}`;
}

function formatNumber(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  return Number.isInteger(rounded) ? rounded.toFixed(0) : String(rounded);
}

/** "10 %" ("10%" in English), else the amount via formatPrice; null when the code has no discount. */
function formatDiscount(code: PromoCode, lang: Language, currency: string): string | null {
  const { percent, amount } = code.discount;
  if (percent !== undefined && Number.isFinite(percent) && percent > 0) {
    return lang === 'en' ? `${formatNumber(percent)}%` : `${formatNumber(percent)} %`;
  }
  if (amount !== undefined) return formatPrice(amount, currency);
  return null;
}

interface PromoLabels {
  valid: (code: string) => string;
  off: (discount: string) => string;
  until: (date: string) => string;
  colon: string;
  expired: (code: string, date: string | null) => string;
  exhausted: (code: string) => string;
}

const LABELS: Record<Language, PromoLabels> = {
  fr: {
    valid: (c) => `Le code ${c} est valable`,
    off: (d) => `${d} de réduction`,
    until: (d) => `jusqu'au ${d}`,
    colon: ' :',
    expired: (c, d) => `Désolé, le code ${c} n'est plus valable : il a expiré${d ? ` le ${d}` : ''}.`,
    exhausted: (c) =>
      `Désolé, le code ${c} n'est plus valable : il a atteint son nombre maximal d'utilisations.`,
  },
  en: {
    valid: (c) => `The code ${c} is valid`,
    off: (d) => `${d} off`,
    until: (d) => `until ${d}`,
    colon: ':',
    expired: (c, d) => `Sorry, the code ${c} is no longer valid: it expired${d ? ` on ${d}` : ''}.`,
    exhausted: (c) => `Sorry, the code ${c} is no longer valid: it has reached its maximum number of uses.`,
  },
  de: {
    valid: (c) => `Der Code ${c} ist gültig`,
    off: (d) => `${d} Rabatt`,
    until: (d) => `bis zum ${d}`,
    colon: ':',
    expired: (c, d) => `Leider ist der Code ${c} nicht mehr gültig: Er ist${d ? ` am ${d}` : ''} abgelaufen.`,
    exhausted: (c) =>
      `Leider ist der Code ${c} nicht mehr gültig: Die maximale Anzahl an Einlösungen ist erreicht.`,
  },
};

/**
 * The fixed answer about a code: valid → discount, validity date when set and the description on its
 * own line; expired or exhausted → that it is no longer valid.
 */
export function promoReply(
  code: PromoCode,
  check: PromoCheck,
  lang: Language,
  currencyHint?: string,
): string {
  const l = LABELS[lang];
  const name = code.code.trim();
  const date =
    code.validUntil && endOfValidity(code.validUntil) !== null
      ? formatPromoDate(code.validUntil, lang)
      : null;
  if (!check.ok) return check.reason === 'expired' ? l.expired(name, date) : l.exhausted(name);
  const discount = formatDiscount(code, lang, currencyHint ?? '');
  let head = l.valid(name);
  if (discount) head += `${l.colon} ${l.off(discount)}${date ? `, ${l.until(date)}` : ''}`;
  else if (date) head += ` ${l.until(date)}`;
  const description = code.description.trim();
  return description ? `${head}.\n${description}` : `${head}.`;
}
