/**
 * The STRICT output guard: on a STRICT link the customer never sees a price, a payment link, a payment
 * handle or a bank account. The answer is folded (fold.ts), links are denied unless allow-listed
 * (links.ts), amounts are found in any notation and language (amounts.ts, tables.ts), handles and
 * accounts by shape and context (accounts.ts), the catalog's secrets in any form; each touched sentence
 * becomes one short phrase (replace.ts) and every removal is recorded for the coach.
 */
import { findAccounts, phoneSpans } from './accounts.js';
import { findAmounts } from './amounts.js';
import type { Finding, GuardKind } from './finding.js';
import { derive, fold, type View } from './fold.js';
import { PROVIDER_WORD } from './hosts.js';
import { linkView } from './link-view.js';
import { findLinks } from './links.js';
import { type GuardLanguage, guessLanguage } from './phrases.js';
import type { StrictPolicy } from './policy.js';
import { applyUnits, type Removal, unitsOf } from './replace.js';
import { findTableAmounts } from './tables.js';

export type { GuardKind } from './finding.js';
export type { GuardLanguage } from './phrases.js';
export { isShortener } from './hosts.js';
export { hostKey, type StrictPolicy, type StrictPolicyInput, strictPolicy } from './policy.js';

export interface GuardRemoval {
  kind: GuardKind;
  /** The exact text of the answer that was detected ("490 CHF", "paypal dot me slash x"). */
  removed: string;
  /** The whole passage replaced by the phrase, as the model wrote it. */
  passage: string;
}
export interface StrictGuardResult {
  text: string;
  interventions: GuardRemoval[];
}

/** Spoken separators ("paypal dot me slash x") go before comparing letters and digits. */
const SPOKEN = / ?(?:\(dot\)|\[dot\]|dot|point|punkt|punto|slash|barre oblique|schrägstrich|barra) ?/gu;

/** The letters and digits of a view, with the original range of each. */
function compactOf(view: View): View {
  const spoken = /dot|point|punkt|punto|slash|barr|schrägstrich/.test(view.text)
    ? derive(view, SPOKEN, () => '')
    : view;
  const runs: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (const m of spoken.text.matchAll(ALNUM_RUN)) {
    runs.push(m[0]);
    for (let k = m.index; k < m.index + m[0].length; k++) {
      from.push(spoken.from[k]!);
      to.push(spoken.to[k]!);
    }
  }
  return { text: runs.join(''), from, to };
}
const ALNUM_RUN = /[\p{L}\p{N}]+/gu;
const NOT_ALNUM_NL = /[^\p{L}\p{N}\n]+/gu;

/** The catalog's payment URLs and ids, found in the answer's letters and digits alone. */
function findSecretPieces(view: View, pieces: readonly string[]): Finding[] {
  if (pieces.length === 0) return [];
  // Most answers hold none of the pieces: a plain search first, the mapped form only on a hit.
  const provider = PROVIDER_RE.test(view.text);
  // A handle of letters only counts next to a provider's name: none in the answer, none to look for.
  const wanted = pieces.filter((piece) => provider || /\d/.test(piece));
  const found = (plain: string) => wanted.some((piece) => plain.includes(piece));
  // Letters and digits only, line breaks kept: one replace gives the whole answer and each line.
  const plainLines = view.text.replace(SPOKEN, '').replace(NOT_ALNUM_NL, '').split('\n');
  if (!found(plainLines.join(''))) return [];
  // Map only the lines that hold a piece (the whole answer when a piece runs over a line break).
  const lines: [number, number][] = [];
  let start = 0;
  for (const plain of plainLines) {
    const nl = view.text.indexOf('\n', start);
    const end = nl < 0 ? view.text.length : nl;
    if (found(plain)) lines.push([start, end]);
    start = end + 1;
  }
  if (lines.length === 0) lines.push([0, view.text.length]);
  const out: Finding[] = [];
  for (const [a, b] of lines) {
    const line = { text: view.text.slice(a, b), from: view.from.slice(a, b), to: view.to.slice(a, b) };
    out.push(...piecesIn(compactOf(line), wanted, view));
  }
  return out;
}

function piecesIn(compact: View, pieces: readonly string[], view: View): Finding[] {
  const out: Finding[] = [];
  for (const piece of pieces) {
    const handle = !/\d/.test(piece);
    for (let at = compact.text.indexOf(piece); at >= 0; at = compact.text.indexOf(piece, at + 1)) {
      const start = compact.from[at]!;
      const end = compact.to[at + piece.length - 1]!;
      if (handle && !nearProvider(view, start)) continue;
      out.push({ start, end, kind: 'payment_url' });
    }
  }
  return out;
}

const PROVIDER_RE = new RegExp(`(?<![\\p{L}])(?:${PROVIDER_WORD})(?![\\p{L}])`, 'u');

/** Whether the line of the folded text around original offset `start` names a payment provider. */
function nearProvider(view: View, start: number): boolean {
  // `from` never decreases: the first folded unit at or after `start` by bisection.
  let lo = 0;
  let hi = view.from.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (view.from[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  const i = lo;
  const lineStart = view.text.lastIndexOf('\n', i - 1) + 1;
  const lineEnd = view.text.indexOf('\n', i);
  return PROVIDER_RE.test(view.text.slice(lineStart, lineEnd < 0 ? view.text.length : lineEnd));
}

/** The catalog's prices written digit by digit: "3 9 0", "3-9-0". */
const SPLIT_DIGITS = /(?<![\d])\d(?:[ .\-_/]\d){1,6}(?![\d])/g;
function findSplitSecrets(view: View, secrets: ReadonlySet<number>): Finding[] {
  const out: Finding[] = [];
  if (secrets.size === 0) return out;
  for (const m of view.text.matchAll(SPLIT_DIGITS)) {
    if (secrets.has(Number(m[0].replace(/\D/g, ''))))
      out.push({ start: m.index, end: m.index + m[0].length, kind: 'amount' });
  }
  return out;
}

const toOriginal = (v: View, f: Finding): Removal => ({
  start: v.from[f.start]!,
  end: v.to[f.end - 1]!,
  kind: f.kind,
});

function detect(text: string, policy: StrictPolicy): { removals: Removal[]; folded: View } {
  const folded = fold(text);
  const links = linkView(folded);
  const { found, allowed } = findLinks(links, text.toLowerCase(), policy);
  const removals = found.map((f) => toOriginal(links, f));
  const keep = [
    ...allowed.map(([s, e]) => [links.from[s]!, links.to[e - 1]!]),
    ...phoneSpans(folded.text).map(([s, e]) => [folded.from[s]!, folded.to[e - 1]!]),
  ];
  const skip = (s: number, e: number) => {
    const [os, oe] = [folded.from[s]!, folded.to[e - 1]!];
    return keep.some(([ks, ke]) => os < ke! && oe > ks!);
  };
  const amounts = [
    ...findAmounts(folded.text, { prices: policy.secretAmounts, offerNames: policy.offerNames }, skip),
    ...findTableAmounts(folded.text),
  ];
  const more = [...findAccounts(folded.text), ...findSplitSecrets(folded, policy.secretAmounts)];
  for (const f of [...amounts, ...more]) removals.push(toOriginal(folded, f));
  for (const f of findSecretPieces(folded, policy.secretPieces))
    removals.push({ start: f.start, end: f.end, kind: f.kind });
  return { removals, folded };
}

/** Overlapping findings are one removal (the first kind found wins, links before amounts). */
function merge(removals: Removal[]): Removal[] {
  const sorted = [...removals].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Removal[] = [];
  for (const r of sorted) {
    const prev = out.at(-1);
    if (prev && r.start < prev.end) prev.end = Math.max(prev.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

export function guardStrict(text: string, policy: StrictPolicy, language?: GuardLanguage): StrictGuardResult {
  const { removals, folded } = detect(text, policy);
  if (removals.length === 0) return { text, interventions: [] };
  const merged = merge(removals);
  const units = unitsOf(text, merged);
  const lang = language ?? guessLanguage(folded.text);
  let u = 0; // removals and units are both in text order
  const interventions = merged.map((r) => {
    while (u < units.length - 1 && units[u]!.end < r.end) u++;
    const unit = units[u] && units[u]!.start <= r.start && units[u]!.end >= r.end ? units[u] : undefined;
    return {
      kind: r.kind,
      removed: text.slice(r.start, r.end),
      passage: unit ? text.slice(unit.start, unit.end) : text.slice(r.start, r.end),
    };
  });
  return { text: applyUnits(text, units, lang), interventions };
}
