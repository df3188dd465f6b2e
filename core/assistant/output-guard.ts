/**
 * STRICT-mode output guard: before a model reply is stored or sent, removes amounts (numeric, spelled,
 * ranges, Swiss "30.-"), payment URLs and URLs of configured payment domains; each removal is recorded.
 * Matching runs on an NFKC form built cluster by cluster (full-width digits, thin spaces fold) that maps
 * back to the original: the text around a removal is kept byte for byte, a clean reply is returned as is.
 *
 * Placeholder choice: a removed piece becomes one neutral placeholder in the reply's language ("[prix sur
 * demande]", "[price on request]", "[Preis auf Anfrage]"; "[lien sur demande]", ...) rather than nothing,
 * so sentences stay readable with no tidying, the customer is pointed to the coach, and guarding twice
 * changes nothing. Same-kind placeholders separated only by "/", "-", "ou", "or", "et", ... merge into one.
 * A markdown link to a removed URL keeps its text ("[Payer ici](url)" -> "Payer ici") unless it is a URL.
 * Regexes are compiled once with bounded repetitions and run on a lowercased copy (the "i" flag makes
 * Unicode classes costly): the cost stays linear in the input length.
 */
import { detectLanguage, type Language } from '../text.js';

export interface GuardIntervention {
  /** amount: a price; payment_url: a URL on a configured payment domain or a known payment provider;
   * url: a URL removed for its shape (checkout-like path, query or host, obfuscated "hxxps://"). */
  kind: 'amount' | 'payment_url' | 'url';
  /** The exact removed text (NFKC form); for a markdown link, the URL only. */
  removed: string;
}
export interface GuardResult {
  text: string;
  interventions: GuardIntervention[];
}
export interface GuardOptions {
  /** Hosts of the configured payment links and offers' paymentUrl; subdomains match too. */
  paymentDomains: string[];
}

const PLACEHOLDERS: Record<Language, { amount: string; url: string }> = {
  fr: { amount: '[prix sur demande]', url: '[lien sur demande]' },
  en: { amount: '[price on request]', url: '[link on request]' },
  de: { amount: '[Preis auf Anfrage]', url: '[Link auf Anfrage]' },
};

const S = String.raw`[^\S\n]`; // horizontal whitespace
const WS = `${S}{0,3}`;
const WSN = `${S}{0,3}(?:\\n${S}{0,3})?`;
const NB = String.raw`(?![\p{L}\p{N}])`; // Unicode-aware word end
const LB = String.raw`(?<![\p{L}\p{N}])`; // Unicode-aware word start
const EMPH = '[*_~`]{0,3}';
const NUM = String.raw`(?<!\d)(?:\d{1,3}(?:[ '’.,]\d{3}){1,5}|\d(?: \d){1,6}|\d+)(?:[.,]\d{1,2})?(?!\d)`;
const SUF = `(?:${S}?(?:k|mio|mrd|millions?|milliards?|millionen|mille|thousand|tausend)${NB}\\.?(?:${S}{1,3}(?:de|of)${NB}|${S}{1,3}d['’])?)?`;
const DASH = '(?:[.,][-–—]{1,2})?';
const BARE = `${NUM}${SUF}${DASH}`;
const SYM = String.raw`(?:us\$|u\.s\.\$|ca\$|c\$|au\$|a\$|s\$|nz\$|hk\$|\$|€|£|¥|₣|₤|₿)`;
const CODES = 'chf|eur|usd|gbp|cad|aud|jpy|btc';
const WORDS = `francs?|franken|fr[äa]nkli|stutz|euros?|dollars?|bucks?|quid|(?:pounds?|livres?|pfund)${S}{1,3}sterling|balles(?!${S}{1,3}(?:de${NB}|d['’]))|thunes?|rappen|centimes?`;
const ADJ_PRE = `(?:(?:swiss|schweizer|us|u\\.s\\.|american|amerikanische|canadian|australian)${S}{1,3})?`;
const ADJ_POST = `(?:${S}{1,3}(?:suisses?|am[ée]ricains?|canadiens?|helv[ée]tiques?)${NB})?`;
const MONTHS = 'jan|f[eé]v|feb|m[aä]r|avr|apr|mai|may|jui?n|juil|jul|ao[uû]|aug|sep|o[ck]t|nov|d[eé][cz]';
// "Fr" is also German for Friday: not a currency after "Mo-", nor before a time or a date.
const TIME = String.raw`\d{1,2}(?:[:h.]\d{2})?`;
const FR_GUARD = `(?!${S}?(?:${TIME}${S}?(?:[-–]${S}?${TIME}${S}?)?(?:uhr|h${NB})|\\d{1,2}[:h]\\d{2}|\\d{1,2}\\.${S}?(?:${MONTHS})))`;
const PRE_CUR = `(?:${SYM}|${LB}(?:${CODES}|sfr\\.?)(?!\\p{L})|(?<!\\p{L}|[-–/]${S}?)s?frs?\\.?(?!\\p{L})${FR_GUARD})`;
const PRE = `${PRE_CUR}${EMPH}${WS}:?${WS}${EMPH}${BARE}`;
const POST_CUR = `(?:${SYM}|${ADJ_PRE}(?:${CODES}|s?frs?|${WORDS}|cents?|cts?)${NB}${ADJ_POST})`;
/** A currency on the next line or in brackets only when no number follows ("8\nCHF 490": a count, a price). */
const POST = `${BARE}${EMPH}(?:${WS}${EMPH}${POST_CUR}|${WS}[\\n(]${WS}${EMPH}${POST_CUR}(?!${WS}:?${WS}${EMPH}\\d)\\)?)`;
const SWISS = `${NUM}[.,][-–—]{1,2}(?![-–—]|${S}{0,3}\\d)`;
const MONEY = `(?:${POST}|${PRE}|${SWISS})`;
/** After a bare number: no unit or noun ("3 séances"), no date or time continuation. */
const FOLLOW_OK = `(?!${WS}(?:%|(?!(?:par|per|pro|pour|for|f[üu]r|each|chacun|jeweils|la|le|les|the|a|an|im|au|ttc|ht|net|inkl|incl|tout|all|alles)${NB})\\p{L}))(?![.,:/]\\d)`;
const RWORD = `(?:${LB}(?:entre|between|zwischen|from|de|du|von|of)${S}{1,3})?`;
const SEP = `(?:${WS}[-–—~]${WS}|${S}{1,3}(?:à|a|to|bis|et|and|und|ou|or|oder|jusqu['’]à)${S}{1,3})`;
const FR_NW =
  'z[ée]ro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|septante|huitante|octante|nonante|cents?|milles?|millions?|milliards?';
const EN_NW = `zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|a(?=${S}{1,3}(?:hundred|thousand|million))`;
const DE_NW =
  '(?!und(?!\\p{L}))(?:zwanzig|drei(?:ß|ss)ig|vierzig|f(?:ü|u|ue)nfzig|sechzig|siebzig|achtzig|neunzig|hundert|tausend|millionen|million|eine[nr]?|eins?|zwei|drei|vier|f(?:ü|u|ue)nf|sechs?|sieben|sieb|acht|neun|zehn|elf|zw(?:ö|o|oe)lf|und)+';
const NW = `(?:${FR_NW}|${EN_NW}|${DE_NW})${NB}`;
const SP = `(?:${S}{1,3}|${WS}-${WS})`;
const SPELLED = `(?<![\\p{L}\\p{N}-])${NW}(?:(?:${SP}(?:et|and|und))?${SP}${NW}){0,8}(?:${S}{1,3}(?:de|of)${NB}|${S}{1,3}d['’])?(?:${WSN}|-)${ADJ_PRE}(?:${SYM}|(?:${CODES}|${WORDS})${NB}${ADJ_POST})`;
/** Single amounts; ranges are grown around them by RANGE_BEFORE / RANGE_AFTER (a smaller regex). */
const AMOUNT_RE = new RegExp(`${MONEY}|${SPELLED}`, 'gu');
/** "entre 400 et " before "500 CHF"; "-500" after "CHF 400". */
const RANGE_BEFORE = new RegExp(`${RWORD}${BARE}${SEP}$`, 'u');
const RANGE_AFTER = new RegExp(`${SEP}${BARE}${FOLLOW_OK}`, 'uy');
/** A bare number right after a price word: "Le prix est de 490.", "Preis: 490 pro Monat". */
const KEYWORD_RE = new RegExp(
  `${LB}(?:prix|tarifs?|co[uû]t(?:e|ent|s)?|prices?|priced|pricing|costs?|fees?|preise?|kostet|kosten|geb[üu]hr(?:en)?|montant|amount|betrag|total)${NB}["']?` +
    `(?:${WS}(?:[:=]|(?:est|is|ist|sind|sera|wird|beträgt|betragen|s['’][ée]l[èe]ve|de|of|von|à|at|only|seulement|nur|just|juste|environ|about|around|approx|etwa|ca|rund|exactement|exactly|genau|insgesamt)${NB}\\.?)){0,3}` +
    `${WS}(${BARE})${FOLLOW_OK}`,
  'gud',
);
const PRICE_HEADER =
  /prix|price|preis|tarif|co[uû]t|cost|kosten|montant|amount|betrag|chf|eur|usd|gbp|€|\$|£|franc|franken/iu;

const SCHEME = `${LB}(?:h(?:tt|xx|\\*\\*)ps?|ftp)${S}?(?::|\\[:\\]|\\(:\\))${S}?//${S}?`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
const TIGHT_DOT = String.raw`(?:[.。]|\[\.\]|\(\.\)|\{\.\})`;
const LOOSE_DOT = `(?:${S}{0,3}${TIGHT_DOT}${S}{0,3}|${S}{0,3}[\\[({]${S}?(?:dot|point|punkt)${S}?[\\])}]${S}{0,3}|${S}{1,3}(?:dot|point|punkt)${S}{1,3})`;
const URL_CHARS = `[^\\s<>"'\`)\\]]`;
const TAIL = `(?::\\d{1,5})?((?:[/?#]${URL_CHARS}*)?)`;
/** Written URLs: with a scheme, or a bare host ("buy.stripe.com/x", "pay[.]example[.]com"). */
const URL_RE = new RegExp(
  `(?:(${SCHEME})|(?<![\\p{L}\\p{N}_@./-]))(${LABEL}(?:${TIGHT_DOT}${LABEL}){1,10})${TAIL}`,
  'gu',
);
/** Spaced-out hosts ("pay . example . com", "paypal dot me"): only matched against payment hosts. */
const LOOSE_RE = new RegExp(
  `(${SCHEME})?(?<![\\p{L}\\p{N}_@.-])(${LABEL}(?:${LOOSE_DOT}${LABEL}){1,10})((?:${S}?/${S}?${URL_CHARS}*)?)`,
  'gu',
);
const LABEL_IN = new RegExp(LABEL, 'gu');
const PAYMENT_HOSTS =
  `stripe.com paypal.com paypal.me twint.ch sumup.com sumup.ch sumup.io sumup.me payrexx.com
  gumroad.com gum.co lemonsqueezy.com revolut.me buymeacoffee.com ko-fi.com venmo.com cash.app monzo.me square.link
  squareup.com mollie.com paddle.com payhip.com sellfy.com thrivecart.com samcart.com datatrans.com wallee.com
  saferpay.com klarna.com lydia-app.com paylib.fr pay.google.com checkout.com podia.com`.split(/\s+/);
const PAY_HOST_LABEL = /^(?:pay|payment|payments|paiement|checkout|buy|billing|kasse|zahlung|secure-?pay)$/;
const PAY_SEGMENT =
  /^(?:(?:pay|paynow|payment|payments|paiement|paiements|payer|bezahlen|zahlung|checkout|buy|buynow|purchase|acheter|kaufen)(?:[-_].*)?|achat|cart|panier|warenkorb|kasse|billing|invoice|facture|rechnung|order|commande|bestellen|donate)$/i;
const PAY_QUERY = /[?&#](?:price|price_?id|prix|preis|amount|montant|betrag|checkout|payment|pay)=/i;

/** replacement: the placeholder to put in its place, or '' (markdown link brackets). */
type Span = { start: number; end: number; replacement: Placeholder; interventions: GuardIntervention[] };
type Placeholder = 'amount' | 'url' | '';

/** Non-overlapping spans sorted by position; a new span may only swallow spans it fully contains. */
class Spans {
  readonly list: Span[] = [];
  /** Index of the first span ending after `pos` (ends are sorted since spans do not overlap). */
  private firstEndingAfter(pos: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.list[mid]!.end > pos) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  overlaps(start: number, end: number): boolean {
    const i = this.firstEndingAfter(start);
    return i < this.list.length && this.list[i]!.start < end;
  }
  add(start: number, end: number, replacement: Placeholder, ivs: GuardIntervention[]): void {
    const i = this.firstEndingAfter(start);
    let j = i;
    while (j < this.list.length && this.list[j]!.start < end) {
      const x = this.list[j]!;
      if (x.start < start || x.end > end || (x.start === start && x.end === end)) return;
      j++;
    }
    const inner = this.list.slice(i, j).flatMap((x) => x.interventions);
    this.list.splice(i, j - i, { start, end, replacement, interventions: [...inner, ...ivs] });
  }
}

/** NFKC form built cluster by cluster, with the original range behind each code unit (null = identity). */
function normalize(text: string): { norm: string; starts: number[] | null; ends: number[] | null } {
  if (text.normalize('NFKC') === text) return { norm: text, starts: null, ends: null };
  let norm = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (const m of text.matchAll(/\P{M}\p{M}*|\p{M}+/gu)) {
    const piece = m[0].normalize('NFKC');
    for (let i = 0; i < piece.length; i++) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
    }
    norm += piece;
  }
  return { norm, starts, ends };
}

function lowerSameLength(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length === s.length) return lower;
  return Array.from(s, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join('');
}

function hostKey(host: string): string {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\/|[/?#:].*$|\.$/g, '');
  if (!/[^\x20-\x7e]/.test(h)) return h;
  try {
    return new URL(`http://${h}`).hostname;
  } catch {
    return h;
  }
}

export function paymentDomainsOf(urls: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const raw of urls) {
    try {
      const u = new URL((raw ?? '').trim());
      const host = u.hostname.toLowerCase().replace(/\.$/, '');
      if ((u.protocol === 'http:' || u.protocol === 'https:') && host) out.add(host);
    } catch {}
  }
  return [...out];
}

function labelsOf(lower: string, from: number, to: number): { text: string; start: number; end: number }[] {
  const labels = [];
  LABEL_IN.lastIndex = from;
  for (let m = LABEL_IN.exec(lower); m && m.index < to; m = LABEL_IN.exec(lower)) {
    // "dot" / "point" / "punkt" written out between labels is a separator, not a label
    if (/^(?:dot|point|punkt)$/.test(m[0]) && /[\s[({]/.test(lower[m.index - 1] ?? '')) continue;
    labels.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return labels;
}

const MD_OPEN = /\[([^\]\n]{0,300})\]\([^\S\n]*$/;
const MD_CLOSE = /(?:[^\S\n]+"[^"\n]*")?[^\S\n]*\)/y;
const MD_URL_TEXT = /^\s*(?:<?h(?:tt|xx)ps?:|www\.|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+(?:\/\S*)?\s*$)/iu;
const MERGE_GAP = /^[^\S\n]*(?:[/|~≈=–-]|ou|or|oder|soit|bzw\.|et|and|und|to|bis|à)?[^\S\n]*$/iu;

export function guardStrictOutput(text: string, options: GuardOptions): GuardResult {
  const { norm, starts, ends } = normalize(text);
  const lower = lowerSameLength(norm);
  const configured = options.paymentDomains.map((d) => hostKey(d).replace(/^www\./, ''));
  const payHosts = new Set([...PAYMENT_HOSTS, ...configured]);
  const spans = new Spans();
  const amount = (start: number, end: number) =>
    spans.add(start, end, 'amount', [{ kind: 'amount', removed: norm.slice(start, end) }]);

  const removeUrl = (start: number, end: number, kind: GuardIntervention['kind']) => {
    while (end > start && /[.,;:!?'"*_]/.test(norm[end - 1] ?? '')) end--;
    const removed = norm.slice(start, end);
    if (norm[start - 1] === '<' && norm[end] === '>') [start, end] = [start - 1, end + 1];
    const open = MD_OPEN.exec(norm.slice(Math.max(0, start - 320), start));
    MD_CLOSE.lastIndex = end;
    const close = open && MD_CLOSE.exec(norm);
    if (!open || !close) return spans.add(start, end, 'url', [{ kind, removed }]);
    const at = start - open[0].length;
    const closeEnd = end + close[0].length;
    if (MD_URL_TEXT.test(open[1]!)) return spans.add(at, closeEnd, 'url', [{ kind, removed }]);
    spans.add(at, at + 1, '', []); // "[Payer ici](url)" -> "Payer ici"
    spans.add(at + 1 + open[1]!.length, closeEnd, '', [{ kind, removed }]);
  };

  /** Payment hosts: the longest window of labels ending on a payment domain, grown to the left over tight
   * dots only ("shop.pay.example.com", not "Merci. pay.example.com"); then the shape rules. */
  const checkHost = (m: RegExpExecArray, shape: boolean) => {
    const scheme = m[1] ?? '';
    const hostEnd = m.index + scheme.length + (m[2]?.length ?? 0);
    const tail = m[3] ?? '';
    const labels = labelsOf(lower, m.index + scheme.length, hostEnd);
    const n = labels.length;
    const names = labels.map((l) => l.text);
    const host = (k: number, j: number) => hostKey(names.slice(k, j).join('.'));
    const tight = (i: number) =>
      labels[i - 1]!.text === 'www' || !/\s/.test(lower.slice(labels[i - 1]!.end, labels[i]!.start));
    for (let j = n; j >= 2; j--) {
      for (let k = 0; k <= j - 2; k++) {
        if (!payHosts.has(host(k, j))) continue;
        let i = k;
        while (i > 0 && tight(i)) i--;
        const end = j === n ? hostEnd + tail.length : labels[j - 1]!.end;
        return removeUrl(i === 0 ? m.index : labels[i]!.start, end, 'payment_url');
      }
    }
    if (!shape || n < 2 || !(scheme || /^\p{L}{2,}$/u.test(labels[n - 1]!.text))) return;
    const first = names[0] === 'www' ? names[1] : names[0];
    const path = tail.split(/[?#]/)[0]!.split('/');
    const payShaped =
      PAY_HOST_LABEL.test(first!) || PAY_QUERY.test(tail) || path.some((p) => PAY_SEGMENT.test(p));
    if (payShaped || /^h(?:xx|\*\*)/.test(scheme)) removeUrl(m.index, hostEnd + tail.length, 'url');
  };
  for (const m of lower.matchAll(URL_RE)) checkHost(m, true);
  for (const m of lower.matchAll(LOOSE_RE))
    if (!spans.overlaps(m.index, m.index + m[0].length)) checkHost(m, false);

  // A range grows a match only over bare numbers, never into a neighbour ("490 CHF oder 450 €" stays two).
  const found = [...lower.matchAll(AMOUNT_RE)];
  for (const [i, m] of found.entries()) {
    const before = RANGE_BEFORE.exec(lower.slice(Math.max(0, m.index - 80), m.index));
    let start = m.index - (before?.[0].length ?? 0);
    if (spans.overlaps(start, m.index)) start = m.index;
    RANGE_AFTER.lastIndex = m.index + m[0].length;
    let end = RANGE_AFTER.lastIndex + (RANGE_AFTER.exec(lower)?.[0].length ?? 0);
    if (end > (found[i + 1]?.index ?? end)) end = m.index + m[0].length;
    amount(start, end);
  }
  for (const m of lower.matchAll(KEYWORD_RE)) amount(...m.indices![1]!);
  tableCells(norm, amount);

  if (spans.list.length === 0) return { text, interventions: [] };
  const toStart = (i: number) => (starts ? (starts[i] ?? text.length) : i);
  const toEnd = (i: number) => (ends ? (ends[i - 1] ?? 0) : i);
  const gaps: string[] = [];
  let pos = 0;
  for (const span of spans.list) {
    const start = Math.max(pos, toStart(span.start));
    gaps.push(text.slice(pos, start));
    pos = Math.max(pos, toEnd(span.end));
  }
  // Placeholders follow the language of what is left of the reply (URLs and amounts say little).
  const place = PLACEHOLDERS[detectLanguage(gaps.join(' ') + text.slice(pos))];
  let out = '';
  for (const [i, span] of spans.list.entries()) {
    const prev = spans.list[i - 1];
    const merge = span.replacement && prev?.replacement === span.replacement && MERGE_GAP.test(gaps[i]!);
    if (!merge) out += gaps[i]! + (span.replacement && place[span.replacement]);
  }
  return { text: out + text.slice(pos), interventions: spans.list.flatMap((s) => s.interventions) };
}

/** Markdown tables with a price column ("| Offre | Prix (CHF) |"): numbers in that column are prices. */
function tableCells(norm: string, onCell: (start: number, end: number) => void): void {
  let priceCols: Set<number> | null = null;
  let lineStart = 0;
  let prev: string | null = null;
  for (const line of norm.split('\n')) {
    const isRow = /^\s*\|/.test(line);
    if (!isRow) priceCols = null;
    else if (priceCols === null && prev !== null && /^\s*\|?[\s:|-]*-{3,}[\s:|-]*$/.test(line)) {
      priceCols = new Set(prev.split('|').flatMap((cell, i) => (PRICE_HEADER.test(cell) ? [i] : [])));
    } else if (priceCols && priceCols.size > 0) {
      let offset = lineStart;
      for (const [i, cell] of line.split('|').entries()) {
        const trimmed = cell.trim();
        const s = offset + cell.indexOf(trimmed);
        if (priceCols.has(i) && /\d/.test(trimmed)) onCell(s, s + trimmed.length);
        offset += cell.length + 1;
      }
    }
    prev = isRow ? line : null;
    lineStart += line.length + 1;
  }
}
