/**
 * What a STRICT guard knows about the business: the hosts links may point to (its public URL and the
 * domains the coach lists as safe) and the catalog's secrets (offer prices, payment URLs and the handles
 * inside them), which are removed in any form.
 */
export interface StrictPolicy {
  allowedHosts: Set<string>;
  paymentHosts: Set<string>;
  secretAmounts: Set<number>;
  /** The offers' names, folded (lowercase, NFKC): a sentence naming one is about an offer. */
  offerNames: string[];
  /** Payment URLs and their long ids, letters and digits only ("paypalmelumenyoga"). */
  secretPieces: string[];
}

export interface StrictPolicyInput {
  publicUrl?: string | null;
  safeDomains?: readonly string[];
  prices?: readonly number[];
  offerNames?: readonly string[];
  paymentUrls?: readonly (string | null | undefined)[];
}

const compact = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** A host from a URL or a bare domain ("https://www.Example.ch/x" and "example.ch" give "example.ch"). */
export function hostKey(input: string): string | null {
  const raw = input.trim().toLowerCase();
  if (!raw) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(raw) ? raw : `https://${raw}`);
    return url.hostname.replace(/\.$/, '').replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

function piecesOf(url: string): string[] {
  const host = hostKey(url);
  if (!host) return [];
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const pieces = [compact(host + path)];
  // Ids and handles in the path ("test_8wM3cd", "lumenyoga"); a handle of letters only is matched
  // only next to a payment provider's name (it may be the business's name too).
  for (const segment of path.split(/[/?#&=]/))
    if (compact(segment).length >= 6) pieces.push(compact(segment));
  return pieces;
}

export function strictPolicy(input: StrictPolicyInput): StrictPolicy {
  const allowed = [input.publicUrl ?? '', ...(input.safeDomains ?? [])].map(hostKey);
  const urls = (input.paymentUrls ?? []).filter((u): u is string => typeof u === 'string' && u.length > 0);
  return {
    allowedHosts: new Set(allowed.filter((h): h is string => h !== null)),
    paymentHosts: new Set(urls.map(hostKey).filter((h): h is string => h !== null)),
    secretAmounts: new Set((input.prices ?? []).filter((p) => Number.isFinite(p) && p > 0)),
    // Names of three letters or more, so "Yoga" counts and a one-letter offer does not match everywhere.
    offerNames: [
      ...new Set((input.offerNames ?? []).map((n) => n.normalize('NFKC').toLowerCase().trim())),
    ].filter((n) => n.length >= 3),
    secretPieces: [...new Set(urls.flatMap(piecesOf))],
  };
}
