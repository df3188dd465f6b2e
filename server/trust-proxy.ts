/**
 * Who the client is (TRUST_PROXY): the peer's address, or the address a trusted proxy put in
 * `X-Forwarded-For`. One function for HTTP (express's `trust proxy` gets the same predicate) and
 * socket.io, so per-address limits and the audit log agree. Unset, no header is believed: anyone can
 * write `X-Forwarded-For`, so believing it from every peer (or from loopback, where a local proxy
 * would also sit) would let one client pass for thousands.
 */
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import { z } from 'zod';

/** A hop count (the last N proxies are ours), or the proxies' addresses and CIDRs. */
export type TrustProxy = { hops: number } | { addresses: string[] };

/** Whether the address `hop` steps from us (0 = the peer) is one of our proxies. */
export type Trust = (address: string, hop: number) => boolean;

function parseEntry(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', prefixText, extra] = entry.split('/');
  const version = net.isIP(address);
  if (version === 0 || extra !== undefined) throw new Error(`"${entry}" is not an IP address or CIDR`);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max) {
    throw new Error(`"${entry}" has a prefix length outside 0-${max}`);
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Parses TRUST_PROXY; throws with the reason for anything but a hop count or a list of IPs/CIDRs. */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim();
  if (/^\d+$/.test(text)) return { hops: Number(text) };
  const addresses = text.split(',').map((entry) => entry.trim());
  for (const entry of addresses) {
    if (!entry) throw new Error('has an empty entry');
    parseEntry(entry);
  }
  return { addresses };
}

/** TRUST_PROXY for server/config.ts: the parsed value, or the reason it is refused. */
export const trustProxySchema = z.string().transform((value, ctx) => {
  try {
    return parseTrustProxy(value);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a hop count or addresses/cidrs: ${(error as Error).message}`,
    });
    return z.NEVER;
  }
});

export function compileTrust(spec: TrustProxy | undefined): Trust {
  if (!spec) return () => false;
  if ('hops' in spec) return (_address, hop) => hop < spec.hops;
  const list = new net.BlockList();
  for (const entry of spec.addresses) {
    const { address, prefix, family } = parseEntry(entry);
    list.addSubnet(address, prefix, family);
  }
  return (address) => {
    const version = net.isIP(address);
    return version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
}

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) is 1.2.3.4. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/**
 * The client's address: walking from the peer back through `X-Forwarded-For` (right to left), the
 * first address that is not a trusted proxy (express's `req.ip` with the same `Trust`).
 */
export function clientAddress(request: IncomingMessage, trust: Trust): string {
  const peer = plain(request.socket.remoteAddress ?? '');
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => plain(entry.trim()))
    .filter(Boolean)
    .reverse();
  const chain = [peer, ...forwarded];
  let hop = 0;
  while (hop < chain.length - 1 && trust(chain[hop]!, hop)) {
    // Something that is not an address ends the chain: the proxy before it is the client we know.
    if (!net.isIP(chain[hop + 1]!)) break;
    hop++;
  }
  return chain[hop]!;
}

/** The key limits count under: an IPv4 address, or an IPv6 /64 (what one subscriber usually holds). */
export function addressKey(address: string): string {
  if (!net.isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group || '0', 16).toString(16))
    .join(':')}::/64`;
}
