import { describe, expect, it } from 'vitest';
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  normalizeRecoveryCode,
} from '../../../../server/admin/auth/recovery-codes.js';
import {
  base32Decode,
  base32Encode,
  generateSecret,
  hotp,
  matchTotp,
  otpauthUrl,
  stepAt,
  totp,
} from '../../../../server/admin/auth/totp.js';

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

describe('base32 (RFC 4648 section 10 vectors, without padding)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  it.each(vectors)('%j <-> %j', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('reads padded, lowercase and grouped secrets, and refuses other characters', () => {
    expect(base32Decode('MZXW6YQ=').toString()).toBe('foob');
    expect(base32Decode('mzxw 6ytb oi').toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow('not base32');
  });

  it('round-trips random bytes of every length', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 97 + length * 31) & 0xff));
      expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
    }
  });
});

describe('TOTP (RFC 6238 appendix B, SHA-1)', () => {
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  it.each(vectors)('T=%d -> %s (8 digits) and its last 6 digits', (seconds, code) => {
    expect(totp(RFC_SECRET, seconds * 1000, 8)).toBe(code);
    expect(totp(RFC_SECRET, seconds * 1000)).toBe(code.slice(2));
  });

  it('matches RFC 4226 appendix D HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583'];
    expect(expected.map((_, counter) => hotp(RFC_SECRET, counter))).toEqual(expected);
  });

  it('makes 160-bit base32 secrets, different each time', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateSecret()).not.toBe(secret);
  });
});

describe('matchTotp', () => {
  const now = 1_700_000_015_000;
  const step = stepAt(now);
  const codeAt = (s: number) => hotp(RFC_SECRET, s);

  it('accepts the current step and one either side, nothing further', () => {
    expect(matchTotp(RFC_SECRET, codeAt(step), now, null)).toBe(step);
    expect(matchTotp(RFC_SECRET, codeAt(step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, codeAt(step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, codeAt(step - 2), now, null)).toBeNull();
    expect(matchTotp(RFC_SECRET, codeAt(step + 2), now, null)).toBeNull();
  });

  it('refuses a code of a step already used, or older', () => {
    expect(matchTotp(RFC_SECRET, codeAt(step), now, step)).toBeNull();
    expect(matchTotp(RFC_SECRET, codeAt(step - 1), now, step)).toBeNull();
    expect(matchTotp(RFC_SECRET, codeAt(step + 1), now, step)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, codeAt(step), now, step - 1)).toBe(step);
  });

  it('refuses what is not 6 digits, and another secret', () => {
    const code = codeAt(step);
    expect(matchTotp(RFC_SECRET, ` ${code}`, now, null)).toBeNull();
    expect(matchTotp(RFC_SECRET, `${code}0`, now, null)).toBeNull();
    expect(matchTotp(RFC_SECRET, '', now, null)).toBeNull();
    expect(matchTotp(Buffer.from('another secret of twenty'), code, now, null)).toBeNull();
  });
});

describe('otpauth URL', () => {
  it('names the issuer and the account, and carries the parameters', () => {
    const url = otpauthUrl('Kora', 'coach+1@example.com', 'JBSWY3DPEHPK3PXP');
    expect(url).toBe(
      'otpauth://totp/Kora:coach%2B1%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Kora&algorithm=SHA1&digits=6&period=30',
    );
  });
});

describe('recovery codes', () => {
  it('are 10 distinct codes of 10 base32 characters in two groups', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
    }
  });

  it('hash the same however they are typed, and differently from each other', () => {
    const [a, b] = generateRecoveryCodes(2);
    expect(normalizeRecoveryCode(` ${a!.toUpperCase().replace('-', ' ')} `)).toBe(a!.replace('-', ''));
    expect(hashRecoveryCode(a!.toUpperCase())).toBe(hashRecoveryCode(a!));
    expect(hashRecoveryCode(a!)).not.toBe(hashRecoveryCode(b!));
    expect(hashRecoveryCode(a!)).not.toContain(a!.replace('-', ''));
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
