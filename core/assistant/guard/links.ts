/**
 * Links in STRICT are denied by default: every URL, www host, bare domain or e-mail address is a
 * finding unless its host is allow-listed (the business's public URL, the coach's safe domains), it
 * is written plainly (not disguised) and it carries no other link in its path, query or fragment.
 * Shorteners never pass. Runs on the link view (link-view.ts).
 */
import type { View } from './fold.js';
import type { Finding, GuardKind, Protected } from './finding.js';
import { inDomains, isShortener, PAYMENT_HOSTS, TLDS } from './hosts.js';

const TAIL = String.raw`(?::\d{1,5})?(?:[/?#][^\s<>"'\])]*)?`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}])?`;
/** Links with a scheme, www hosts and e-mail addresses: only looked for when "://", "www." or "@" is there. */
const MARKED_RE = new RegExp(
  [
    String.raw`(?<![\p{L}\p{N}])(?:https?|ftp):\/\/[^\s<>"'\])]+`,
    String.raw`(?<![\p{L}\p{N}@._\/-])www\.[^\s<>"'\])]+`,
    String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@(?:${LABEL}\.)+(?:${TLDS})(?![\p{L}\p{N}-])`,
  ].join('|'),
  'gu',
);
/** A bare domain, tried only where a dot is followed by a letter (a few places an answer, not every one). */
const DOMAIN_Y = new RegExp(String.raw`(?:${LABEL}\.){1,6}(?:${TLDS})(?![\p{L}\p{N}-])${TAIL}`, 'uy');
const HOST_CHAR = /[\p{L}\p{N}._-]/u;
const LETTER = /\p{L}/u;

interface LinkMatch {
  index: number;
  text: string;
}

function bareDomains(text: string, taken: LinkMatch[]): LinkMatch[] {
  const out: LinkMatch[] = [];
  let runEnd = 0;
  for (let dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', Math.max(dot + 1, runEnd))) {
    if (!LETTER.test(text[dot + 1] ?? '')) continue;
    // One try per run of host characters, from its start, as a look-behind would allow.
    let start = dot;
    while (start > 0 && HOST_CHAR.test(text[start - 1]!)) start--;
    runEnd = dot;
    while (runEnd < text.length && HOST_CHAR.test(text[runEnd]!)) runEnd++;
    if (start > 0 && /[@/]/.test(text[start - 1]!)) continue; // inside an e-mail address or a path
    while (start < dot && /[._-]/.test(text[start]!)) start++;
    DOMAIN_Y.lastIndex = start;
    const m = DOMAIN_Y.exec(text);
    if (!m) continue;
    const end = start + m[0].length;
    if (!taken.some((t) => start < t.index + t.text.length && end > t.index))
      out.push({ index: start, text: m[0] });
    runEnd = Math.max(runEnd, end);
  }
  return out;
}

function linkMatches(text: string): LinkMatch[] {
  const marked: LinkMatch[] = [];
  if (text.includes('://') || text.includes('www.') || text.includes('@')) {
    for (const m of text.matchAll(MARKED_RE)) marked.push({ index: m.index, text: m[0] });
  }
  return [...marked, ...bareDomains(text, marked)].sort((a, b) => a.index - b.index);
}

const CARRIES_LINK = new RegExp(
  String.raw`(?:https?|ftp):|\/\/|www\.|ahr0c|[\p{L}\p{N}-]+\.(?:${TLDS})(?![\p{L}\p{N}-])`,
  'u',
);

/** A checkout, payment or cart page, or a price in the query: a payment link even on the coach's own site. */
const PAY_SHAPED =
  /(?:^|[/.?&#=_-])(?:pay|payment|payments|paiement|payer|bezahlen|zahlung|checkout|buy|buynow|purchase|acheter|kaufen|achat|cart|panier|warenkorb|kasse|billing|invoice|facture|rechnung|order|commande|bestellen|donate|pagamento|pagare|carrello|acquista|price|prix|preis|prezzo|amount|montant|betrag)(?:[/.?&#=_-]|$)/;

export interface LinkPolicy {
  allowedHosts: ReadonlySet<string>;
  paymentHosts: ReadonlySet<string>;
}

function hostOf(link: string): { host: string; rest: string } {
  const bare = link.replace(/^(?:https?|ftp):\/\//, '').replace(/^[^@/]*@/, '');
  const cut = bare.search(/[/?#:]/);
  const host = (cut < 0 ? bare : bare.slice(0, cut)).replace(/\.$/, '').replace(/^www\./, '');
  return { host, rest: cut < 0 ? '' : bare.slice(cut) };
}

function decoded(rest: string): string {
  try {
    return decodeURIComponent(rest.replace(/\+/g, ' '));
  } catch {
    return rest;
  }
}

function kindOf(host: string, policy: LinkPolicy): GuardKind {
  if (isShortener(host)) return 'shortener';
  if (inDomains(host, policy.paymentHosts) || inDomains(host, PAYMENT_HOSTS)) return 'payment_url';
  return 'url';
}

/** Findings and allowed spans, both in the link view's coordinates. */
export function findLinks(
  view: View,
  original: string,
  policy: LinkPolicy,
): { found: Finding[]; allowed: Protected } {
  const found: Finding[] = [];
  const allowed: Protected = [];
  for (const m of linkMatches(view.text)) {
    let text = m.text;
    const trimmed = text.replace(/[.,;:!?'"*_]+$/, '');
    text = trimmed.length > 0 ? trimmed : text;
    const start = m.index;
    const end = start + text.length;
    const { host, rest } = hostOf(text);
    const kind = kindOf(host, policy);
    // Disguised: the original differs from the plain link beyond case and look-alikes.
    const plain = original.slice(view.from[start], view.to[end - 1]).toLowerCase() === text;
    const ok =
      kind === 'url' &&
      !PAY_SHAPED.test(text) &&
      plain &&
      inDomains(host, policy.allowedHosts) &&
      !CARRIES_LINK.test(decoded(rest));
    if (ok) allowed.push([start, end]);
    else found.push({ start, end, kind });
  }
  return { found, allowed };
}
