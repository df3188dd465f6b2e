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
const LINK_RE = new RegExp(
  [
    String.raw`(?<![\p{L}\p{N}])(?:https?|ftp):\/\/[^\s<>"'\])]+`,
    String.raw`(?<![\p{L}\p{N}@._\/-])www\.[^\s<>"'\])]+`,
    String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@(?:${LABEL}\.)+(?:${TLDS})(?![\p{L}\p{N}-])`,
    String.raw`(?<![\p{L}\p{N}@._\/-])(?:${LABEL}\.){1,6}(?:${TLDS})(?![\p{L}\p{N}-])${TAIL}`,
  ].join('|'),
  'gu',
);
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
  for (const m of view.text.matchAll(LINK_RE)) {
    let text = m[0];
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
