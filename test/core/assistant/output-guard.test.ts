import { describe, expect, it } from 'vitest';
import { guardStrictOutput, paymentDomainsOf } from '../../../core/assistant/output-guard.js';
import { ADVERSARIAL, BENIGN } from './output-guard-cases.js';

const PAYMENT_DOMAINS = paymentDomainsOf([
  'https://pay.kora-coach.ch/yoga',
  'https://twint.ch/pay/abc',
  'https://studio-zen.ch/boutique/yoga-8',
  null,
]);
const OPTIONS = { paymentDomains: PAYMENT_DOMAINS };

// Independent oracles: written separately from the guard's own patterns, deliberately simpler.
const CUR_WORD = `(?:chf|eur|usd|gbp|sfr|frs?|francs?|franken|fr[äa]nkli|stutz|euros?|dollars?|bucks?|quid|balles|rappen|centimes?)`;
const CUR_SYM = '[$€£¥]';
const ORACLE_AMOUNT = [
  new RegExp(String.raw`\d[\s'’.,*_–-]{0,4}(?:${CUR_SYM}|${CUR_WORD}(?!\p{L}))`, 'iu'),
  new RegExp(String.raw`(?:${CUR_SYM}|(?<![\p{L}–-])${CUR_WORD}\.?)[\s:*_]{0,4}\d`, 'iu'),
  /\d[.,][-–—]/u,
  new RegExp(
    String.raw`(?<!\p{L})(?:une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|vingt|trente|quarante|cinquante|soixante|septante|nonante|cents?|mille|one|two|three|five|ten|twenty|fifty|ninety|nine|hundred|thousand|\p{L}*(?:zig|hundert|tausend|zehn)|eins?|zwei|drei|vier|fünf|neun)[\s-]+${CUR_WORD}(?!\p{L})`,
    'iu',
  ),
];
const ORACLE_PAYMENT_URL =
  /stripe\.com|paypal\.(?:com|me)|twint\.ch|sumup|gumroad\.com|lemonsqueezy|revolut\.me|wise\.com\/pay|kora-coach|studio-zen|hxxps?:/iu;

function leaks(text: string): string[] {
  const t = text.normalize('NFKC');
  const found = ORACLE_AMOUNT.flatMap((re) => re.exec(t)?.[0] ?? []);
  const url = ORACLE_PAYMENT_URL.exec(t);
  return url ? [...found, url[0]] : found;
}

describe('guardStrictOutput: adversarial table', () => {
  it('has at least 70 adversarial and 15 benign outputs', () => {
    expect(ADVERSARIAL.length).toBeGreaterThanOrEqual(70);
    expect(BENIGN.length).toBeGreaterThanOrEqual(15);
  });

  it.each(ADVERSARIAL.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    const result = guardStrictOutput(c.input, OPTIONS);
    const out = result.text.normalize('NFKC');
    expect(leaks(result.text), result.text).toEqual([]);
    expect(result.interventions.length).toBeGreaterThan(0);
    for (const g of c.gone ?? []) expect(out, `"${g}" survived`).not.toContain(g.normalize('NFKC'));
    for (const k of c.kept ?? []) expect(result.text).toContain(k);
    if (c.out !== undefined) expect(result.text).toBe(c.out);
    const normalizedInput = c.input.normalize('NFKC');
    for (const iv of result.interventions) {
      expect(iv.removed.length).toBeGreaterThan(0);
      expect(normalizedInput).toContain(iv.removed);
      if (iv.kind !== 'amount') expect(out).not.toContain(iv.removed);
    }
    // Placeholders carry no amount or URL: guarding again changes nothing.
    expect(guardStrictOutput(result.text, OPTIONS)).toEqual({ text: result.text, interventions: [] });
  });

  it.each(BENIGN.map((t, i) => [i, t] as const))('benign %i comes back unchanged', (_i, text) => {
    expect(guardStrictOutput(text, OPTIONS)).toEqual({ text, interventions: [] });
  });
});

describe('guardStrictOutput: interventions and placeholders', () => {
  it('records one intervention per removed piece, in text order, with its kind', () => {
    const r = guardStrictOutput('Le prix est de 490 CHF, payez ici : https://buy.stripe.com/abc', OPTIONS);
    expect(r.interventions).toEqual([
      { kind: 'amount', removed: '490 CHF' },
      { kind: 'payment_url', removed: 'https://buy.stripe.com/abc' },
    ]);
  });

  it('marks URLs removed for their shape only as "url"', () => {
    const r = guardStrictOutput('Go to https://coach.example.com/checkout/yoga.', OPTIONS);
    expect(r).toEqual({
      text: 'Go to [link on request].',
      interventions: [{ kind: 'url', removed: 'https://coach.example.com/checkout/yoga' }],
    });
  });

  it('uses one placeholder per language and merges alternatives', () => {
    expect(guardStrictOutput('It costs 49 USD / 45 EUR.', OPTIONS).text).toBe('It costs [price on request].');
    expect(guardStrictOutput('Der Kurs kostet 490 CHF oder 450 €.', OPTIONS).text).toBe(
      'Der Kurs kostet [Preis auf Anfrage].',
    );
    expect(guardStrictOutput('Lien : https://twint.ch/x', OPTIONS).text).toBe('Lien : [lien sur demande]');
  });

  it('keeps the rest of the original text byte for byte around a removal', () => {
    const input = 'Ｂｏｎｊｏｕｒ… le cours coûte ４９０\u00a0CHF ﬁn.';
    expect(guardStrictOutput(input, OPTIONS).text).toBe(
      'Ｂｏｎｊｏｕｒ… le cours coûte [prix sur demande] ﬁn.',
    );
  });

  it('drops a markdown link to a payment URL but keeps its text', () => {
    const r = guardStrictOutput('Clique [ici](<https://buy.stripe.com/x> "Stripe") puis reviens.', OPTIONS);
    expect(r.text).toBe('Clique ici puis reviens.');
    expect(r.interventions).toEqual([{ kind: 'payment_url', removed: 'https://buy.stripe.com/x' }]);
  });

  it('matches subdomains of configured domains and accepts URLs or www hosts as options', () => {
    const opts = { paymentDomains: ['https://www.Coach-Pay.ch/abc'] };
    expect(
      guardStrictOutput('See https://shop.coach-pay.ch/a and coach-pay.ch.', opts).interventions,
    ).toHaveLength(2);
    expect(guardStrictOutput('See https://coach-pay.com/a', opts).interventions).toHaveLength(0);
  });

  it('keeps non-payment URLs, including the coach blog', () => {
    const text = 'Lis https://coach.example.com/blog/respiration et <https://example.org/paysages>.';
    expect(guardStrictOutput(text, OPTIONS)).toEqual({ text, interventions: [] });
  });
});

describe('paymentDomainsOf', () => {
  it('returns lowercased, deduplicated hosts of valid http(s) URLs only', () => {
    expect(
      paymentDomainsOf([
        'https://Pay.Example.com/yoga',
        'http://pay.example.com/other',
        'ftp://files.example.com/x',
        'not a url',
        '',
        null,
        undefined,
        ' https://twint.ch/p/1 ',
      ]),
    ).toEqual(['pay.example.com', 'twint.ch']);
  });
});

describe('guardStrictOutput: cost', () => {
  it('stays fast on long and pathological inputs (loose complexity check)', () => {
    const mixed = [...ADVERSARIAL.map((c) => c.input), ...BENIGN].join('\n');
    const inputs = [
      mixed.repeat(Math.ceil(20_000 / mixed.length)).slice(0, 20_000),
      '1 '.repeat(10_000),
      "1'000 ".repeat(3_000),
      'quatre '.repeat(3_000),
      'vier'.repeat(5_000),
      'pay . '.repeat(4_000),
      `https://a.b/${'x'.repeat(20_000)}`,
      '[a](https://x.y/pay) '.repeat(1_000),
      `| prix |\n|---|\n${'| 4 |\n'.repeat(4_000)}`,
    ];
    for (const input of inputs) {
      const start = performance.now();
      guardStrictOutput(input, OPTIONS);
      expect(performance.now() - start).toBeLessThan(500);
    }
  });
});
