import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { addressKey, clientAddress, compileTrust, parseTrustProxy } from '../../server/trust-proxy.js';

/** A request as node hands it over: the peer's address and the headers. */
function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('TRUST_PROXY', () => {
  it('parses a hop count or a list of addresses and CIDRs', () => {
    expect(parseTrustProxy('1')).toEqual({ hops: 1 });
    expect(parseTrustProxy(' 2 ')).toEqual({ hops: 2 });
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.7,::1,fd00::/8')).toEqual({
      addresses: ['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/8'],
    });
  });

  it('refuses anything else, naming the variable in one line', () => {
    for (const bad of ['loopback', 'yes', '-1', '1.5', '10.0.0.0/33', '300.1.1.1', '10.0.0.1,', '::1/129']) {
      expect(() => parseTrustProxy(bad), bad).toThrow();
      let message = '';
      try {
        loadConfig({ TRUST_PROXY: bad });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message.startsWith('TRUST_PROXY'), bad).toBe(true);
      expect(message).toMatch(/: set TRUST_PROXY/);
      expect(message).not.toContain('\n');
    }
  });

  it('is unset by default: nobody is believed', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    const trust = compileTrust(undefined);
    expect(clientAddress(request('127.0.0.1', '203.0.113.9'), trust)).toBe('127.0.0.1');
    expect(clientAddress(request('::ffff:127.0.0.1', '203.0.113.9'), trust)).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-For only as far as the trusted hops go', () => {
    const one = compileTrust({ hops: 1 });
    expect(clientAddress(request('10.0.0.2', '198.51.100.1, 203.0.113.9'), one)).toBe('203.0.113.9');
    const two = compileTrust({ hops: 2 });
    expect(clientAddress(request('10.0.0.2', '198.51.100.1, 203.0.113.9'), two)).toBe('198.51.100.1');
    expect(clientAddress(request('10.0.0.2'), two)).toBe('10.0.0.2');
  });

  it('believes X-Forwarded-For only from the listed proxies', () => {
    const trust = compileTrust({ addresses: ['10.0.0.0/8', '::1'] });
    expect(clientAddress(request('10.1.2.3', '203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress(request('::1', '203.0.113.9'), trust)).toBe('203.0.113.9');
    // A forged hop in front of the real client is not believed: the first untrusted address counts.
    expect(clientAddress(request('10.1.2.3', '1.1.1.1, 203.0.113.9, 10.9.9.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress(request('198.51.100.7', '203.0.113.9'), trust)).toBe('198.51.100.7');
    expect(clientAddress(request('10.1.2.3', 'garbage'), trust)).toBe('10.1.2.3');
  });

  it('keys IPv6 clients by their /64, IPv4 clients by their address', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::9'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
  });
});
