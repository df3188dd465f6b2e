import { describe, expect, it } from 'vitest';
import { checkPromo, findPromoCode, formatPromoDate, type PromoCheck, promoReply } from '../../core/promo.js';
import type { PromoCode } from '../../core/types.js';

function promo(overrides: Partial<PromoCode> = {}): PromoCode {
  return {
    id: 'p1',
    code: 'SPRING10',
    description: '',
    discount: { percent: 10 },
    validUntil: null,
    maxUses: null,
    uses: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const SPRING10 = promo();
const SPRING100 = promo({ id: 'p2', code: 'SPRING100' });
const VIP = promo({ id: 'p3', code: 'SPRING10-VIP' });
const ETE = promo({ id: 'p4', code: 'ÉTÉ20' });

describe('findPromoCode', () => {
  it.each([
    ["j'ai le code spring10", SPRING10],
    ['SPRING10!', SPRING10],
    ['code: Spring10', SPRING10],
    ['(spring10)', SPRING10],
    ['code «SPRING10», merci', SPRING10],
    ['SPRING100 svp', SPRING100],
    ['mon code est spring10-vip', VIP],
    ['code ete20 ?', ETE],
    ['code été20', ETE],
  ])('finds the code in %s', (text, expected) => {
    expect(findPromoCode(text, [SPRING10, SPRING100, VIP, ETE])).toBe(expected);
  });

  it.each(['SPRING100', 'XSPRING10', 'spring_10', 'spring10_x', 'spring 10', 'pas de code', ''])(
    'does not match inside another word or without the code: %s',
    (text) => {
      expect(findPromoCode(text, [SPRING10])).toBeNull();
    },
  );

  it('returns null without codes and ignores blank codes', () => {
    expect(findPromoCode('SPRING10', [])).toBeNull();
    expect(findPromoCode('any text', [promo({ code: '   ' })])).toBeNull();
  });
});

describe('checkPromo', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');
  const cases: [string, Partial<PromoCode>, PromoCheck][] = [
    ['no limits', { validUntil: null, maxUses: null, uses: 500 }, { ok: true }],
    ['valid the whole last day', { validUntil: '2026-11-24' }, { ok: true }],
    ['expired the day before', { validUntil: '2026-11-23' }, { ok: false, reason: 'expired' }],
    ['future timestamp', { validUntil: '2026-11-24T13:00:00.000Z' }, { ok: true }],
    ['past timestamp', { validUntil: '2026-11-24T11:59:59.000Z' }, { ok: false, reason: 'expired' }],
    ['unparsable date = no expiry', { validUntil: 'someday' }, { ok: true }],
    ['uses below max', { maxUses: 5, uses: 4 }, { ok: true }],
    ['uses at max', { maxUses: 5, uses: 5 }, { ok: false, reason: 'exhausted' }],
    ['uses above max', { maxUses: 5, uses: 9 }, { ok: false, reason: 'exhausted' }],
    ['maxUses 0', { maxUses: 0, uses: 0 }, { ok: false, reason: 'exhausted' }],
    ['expired wins', { validUntil: '2025-01-01', maxUses: 1, uses: 1 }, { ok: false, reason: 'expired' }],
  ];
  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(checkPromo(promo(overrides), now)).toEqual(expected);
  });
});

describe('formatPromoDate', () => {
  it.each([
    ['2026-11-24', 'fr', '24.11.2026'],
    ['2026-11-24', 'de', '24.11.2026'],
    ['2026-11-24', 'en', '24 Nov 2026'],
    ['2026-03-05T10:00:00.000Z', 'fr', '05.03.2026'],
    ['2026-03-05T10:00:00.000Z', 'en', '5 Mar 2026'],
    ['2027-01-31', 'en', '31 Jan 2027'],
  ] as const)('%s in %s → %s', (iso, lang, expected) => {
    expect(formatPromoDate(iso, lang)).toBe(expected);
  });

  it('returns null for a non-ISO value', () => {
    expect(formatPromoDate('24/11/2026', 'fr')).toBeNull();
    expect(formatPromoDate('2026-13-01', 'en')).toBeNull();
  });
});

describe('promoReply', () => {
  const ok: PromoCheck = { ok: true };
  const expired: PromoCheck = { ok: false, reason: 'expired' };
  const exhausted: PromoCheck = { ok: false, reason: 'exhausted' };
  const dated = promo({ validUntil: '2026-11-24' });
  const amount = promo({ code: 'WELCOME20', discount: { amount: 20 }, validUntil: '2026-11-24' });
  type Row = [string, PromoCode, PromoCheck, string | undefined, Record<'fr' | 'en' | 'de', string>];
  const rows: Row[] = [
    [
      'percent + date',
      dated,
      ok,
      undefined,
      {
        fr: "Le code SPRING10 est valable : 10 % de réduction, jusqu'au 24.11.2026.",
        en: 'The code SPRING10 is valid: 10% off, until 24 Nov 2026.',
        de: 'Der Code SPRING10 ist gültig: 10 % Rabatt, bis zum 24.11.2026.',
      },
    ],
    [
      'percent, no expiry',
      promo({ discount: { percent: 12.5 } }),
      ok,
      'CHF',
      {
        fr: 'Le code SPRING10 est valable : 12.5 % de réduction.',
        en: 'The code SPRING10 is valid: 12.5% off.',
        de: 'Der Code SPRING10 ist gültig: 12.5 % Rabatt.',
      },
    ],
    [
      'amount with currency + date',
      amount,
      ok,
      'chf',
      {
        fr: "Le code WELCOME20 est valable : 20 CHF de réduction, jusqu'au 24.11.2026.",
        en: 'The code WELCOME20 is valid: 20 CHF off, until 24 Nov 2026.',
        de: 'Der Code WELCOME20 ist gültig: 20 CHF Rabatt, bis zum 24.11.2026.',
      },
    ],
    [
      'amount without currency',
      promo({ discount: { amount: 9.5 } }),
      ok,
      undefined,
      {
        fr: 'Le code SPRING10 est valable : 9.50 de réduction.',
        en: 'The code SPRING10 is valid: 9.50 off.',
        de: 'Der Code SPRING10 ist gültig: 9.50 Rabatt.',
      },
    ],
    [
      'no discount, date',
      promo({ discount: {}, validUntil: '2026-11-24' }),
      ok,
      undefined,
      {
        fr: "Le code SPRING10 est valable jusqu'au 24.11.2026.",
        en: 'The code SPRING10 is valid until 24 Nov 2026.',
        de: 'Der Code SPRING10 ist gültig bis zum 24.11.2026.',
      },
    ],
    [
      'zero discount, no date',
      promo({ discount: { percent: 0 } }),
      ok,
      undefined,
      {
        fr: 'Le code SPRING10 est valable.',
        en: 'The code SPRING10 is valid.',
        de: 'Der Code SPRING10 ist gültig.',
      },
    ],
    [
      'expired',
      dated,
      expired,
      undefined,
      {
        fr: "Désolé, le code SPRING10 n'est plus valable : il a expiré le 24.11.2026.",
        en: 'Sorry, the code SPRING10 is no longer valid: it expired on 24 Nov 2026.',
        de: 'Leider ist der Code SPRING10 nicht mehr gültig: Er ist am 24.11.2026 abgelaufen.',
      },
    ],
    [
      'exhausted',
      promo(),
      exhausted,
      undefined,
      {
        fr: "Désolé, le code SPRING10 n'est plus valable : il a atteint son nombre maximal d'utilisations.",
        en: 'Sorry, the code SPRING10 is no longer valid: it has reached its maximum number of uses.',
        de: 'Leider ist der Code SPRING10 nicht mehr gültig: Die maximale Anzahl an Einlösungen ist erreicht.',
      },
    ],
  ];
  const cases = rows.flatMap(([name, code, check, currency, texts]) =>
    (['fr', 'en', 'de'] as const).map(
      (lang) => [`${name} (${lang})`, code, check, lang, currency, texts[lang]] as const,
    ),
  );
  it.each(cases)('%s', (_name, code, check, lang, currency, expected) => {
    expect(promoReply(code, check, lang, currency)).toBe(expected);
  });

  it('prefers the percent when a code has both a percent and an amount', () => {
    const both = promo({ discount: { percent: 15, amount: 30 } });
    expect(promoReply(both, ok, 'en', 'CHF')).toBe('The code SPRING10 is valid: 15% off.');
  });

  it('adds the description on its own line when the code is valid', () => {
    const withText = promo({ description: '  Valable sur tous les cours de printemps.  ' });
    expect(promoReply(withText, ok, 'fr')).toBe(
      'Le code SPRING10 est valable : 10 % de réduction.\nValable sur tous les cours de printemps.',
    );
    expect(promoReply(withText, { ok: false, reason: 'expired' }, 'fr')).toBe(
      "Désolé, le code SPRING10 n'est plus valable : il a expiré.",
    );
  });

  it('chains with checkPromo and findPromoCode', () => {
    const codes = [
      promo({ maxUses: 3, uses: 3 }),
      promo({ id: 'p9', code: 'FALL5', discount: { amount: 5 } }),
    ];
    const now = new Date('2026-06-01T00:00:00.000Z');
    const found = findPromoCode('I have code fall5.', codes);
    expect(found?.id).toBe('p9');
    expect(promoReply(found!, checkPromo(found!, now), 'en', 'usd')).toBe(
      'The code FALL5 is valid: 5 USD off.',
    );
    const used = findPromoCode('spring10', codes)!;
    expect(promoReply(used, checkPromo(used, now), 'de')).toContain('nicht mehr gültig');
  });
});
