/**
 * Where a request to the admin API or the `/admin` socket comes from, as the browser tells it: one
 * rule for both (the HTTP CSRF guard and the socket handshake).
 *
 * - `Origin` is same-origin when it is PUBLIC_URL's origin or names the host the request was sent to
 *   (`Host`); any other value, `null` included, is foreign.
 * - `Sec-Fetch-Site: same-origin` is same-origin; `same-site` (a sibling port or subdomain) and
 *   `cross-site` are foreign; `none` (typed in the address bar) says nothing.
 * - Either foreign wins. Neither header: unknown (a non-browser client, or a same-origin GET).
 */
import type { IncomingHttpHeaders } from 'node:http';

export type OriginVerdict = 'same-origin' | 'foreign' | 'unknown';

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function byOrigin(origin: string | undefined, host: string | undefined, allowed: string): OriginVerdict {
  if (origin === undefined) return 'unknown';
  if (origin === allowed || (host !== undefined && hostOf(origin) === host)) return 'same-origin';
  return 'foreign';
}

function byFetchSite(site: string | undefined): OriginVerdict {
  if (site === undefined || site === 'none') return 'unknown';
  return site === 'same-origin' ? 'same-origin' : 'foreign';
}

/** The verdict of the request's `Origin` and `Sec-Fetch-Site` against PUBLIC_URL and `Host`. */
export function requestOrigin(headers: IncomingHttpHeaders, publicUrl: string): OriginVerdict {
  const verdicts = [
    byOrigin(first(headers.origin), first(headers.host), new URL(publicUrl).origin),
    byFetchSite(first(headers['sec-fetch-site'])),
  ];
  if (verdicts.includes('foreign')) return 'foreign';
  return verdicts.includes('same-origin') ? 'same-origin' : 'unknown';
}
