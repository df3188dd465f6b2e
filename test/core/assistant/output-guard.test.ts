/**
 * The 97 examples the previous STRICT guard was written for, run against the guard that replaced it
 * (core/assistant/guard/). What they promised still holds: no amount or payment URL survives, what was
 * removed is recorded, harmless answers come back unchanged, guarding twice changes nothing. Their
 * exact outputs ("[prix sur demande]" placeholders, links kept for their shape) belonged to the old
 * design: a removed sentence is now one phrase, and links are denied unless allow-listed.
 */
import { describe, expect, it } from 'vitest';
import { guardStrict, strictPolicy } from '../../../core/assistant/guard/index.js';
import { ADVERSARIAL, BENIGN } from './output-guard-cases.js';

const POLICY = strictPolicy({
  // The coach's own site and the sites the benign examples link to are the allow-list.
  safeDomains: ['example.com', 'coach-zen.ch', 'youtube.com'],
  paymentUrls: [
    'https://pay.kora-coach.ch/yoga',
    'https://twint.ch/pay/abc',
    'https://studio-zen.ch/boutique/yoga-8',
    null,
  ],
});

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

describe('the previous guard’s examples against the STRICT guard', () => {
  it('has at least 70 adversarial and 15 benign outputs', () => {
    expect(ADVERSARIAL.length).toBeGreaterThanOrEqual(70);
    expect(BENIGN.length).toBeGreaterThanOrEqual(15);
  });

  it.each(ADVERSARIAL.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    const result = guardStrict(c.input, POLICY);
    const out = result.text.normalize('NFKC');
    expect(leaks(result.text), result.text).toEqual([]);
    expect(result.interventions.length).toBeGreaterThan(0);
    for (const g of c.gone ?? []) expect(out, `"${g}" survived`).not.toContain(g.normalize('NFKC'));
    for (const iv of result.interventions) {
      expect(c.input).toContain(iv.removed);
      expect(iv.passage).toContain(iv.removed);
      expect(result.text).not.toContain(iv.passage);
    }
    expect(guardStrict(result.text, POLICY)).toEqual({ text: result.text, interventions: [] });
  });

  it.each(BENIGN.map((t, i) => [i, t] as const))('benign %i comes back unchanged', (_i, text) => {
    expect(guardStrict(text, POLICY)).toEqual({ text, interventions: [] });
  });
});

describe('guardStrict: records and phrases', () => {
  it('records each removed piece in text order, with its kind and the passage it went with', () => {
    const r = guardStrict('Bonjour ! Le prix est de 490 CHF, payez ici : https://buy.stripe.com/abc', POLICY);
    const passage = 'Le prix est de 490 CHF, payez ici : https://buy.stripe.com/abc';
    expect(r).toEqual({
      text: 'Bonjour ! Pour le prix et le paiement, le coach vous répondra directement.',
      interventions: [
        { kind: 'amount', removed: '490 CHF', passage },
        { kind: 'payment_url', removed: 'https://buy.stripe.com/abc', passage },
      ],
    });
  });

  it('keeps the rest of the original text byte for byte around a removal', () => {
    const input = 'Ｂｏｎｊｏｕｒ… ﬁn.\nLe cours coûte ４９０\u00a0CHF.\nÀ bientôt ☺';
    expect(guardStrict(input, POLICY).text).toBe(
      'Ｂｏｎｊｏｕｒ… ﬁn.\nPour le prix et le paiement, le coach vous répondra directement.\nÀ bientôt ☺',
    );
  });

  it('replaces a price cell of a table and keeps the table', () => {
    const r = guardStrict('| Offre | Prix |\n|---|---|\n| Essai | 49 |', POLICY);
    expect(r.text).toBe('| Offre | Prix |\n|---|---|\n| Essai | sur demande |');
  });

  it('speaks the language of the answer, or the one it is given', () => {
    const text = 'Der Kurs kostet 490 CHF.';
    expect(guardStrict(text, POLICY).text).toBe('Preis und Zahlung bespricht der Coach direkt mit Ihnen.');
    expect(guardStrict('Il corso costa 490 franchi.', POLICY).text).toBe(
      'Per il prezzo e il pagamento le risponderà direttamente il coach.',
    );
    expect(guardStrict(text, POLICY, 'fr').text).toBe(
      'Pour le prix et le paiement, le coach vous répondra directement.',
    );
  });
});

describe('guardStrict: cost', () => {
  it('stays fast on long and pathological inputs (loose complexity check)', () => {
    const mixed = [...ADVERSARIAL.map((c) => c.input), ...BENIGN].join('\n');
    const inputs = [
      mixed.repeat(Math.ceil(20_000 / mixed.length)).slice(0, 20_000),
      '1 '.repeat(10_000),
      "1'000 ".repeat(3_000),
      'quatre '.repeat(3_000),
      'vier'.repeat(5_000),
      'pay . '.repeat(4_000),
      'a '.repeat(10_000),
      `https://a.b/${'x'.repeat(20_000)}`,
      '[a](https://x.y/pay) '.repeat(1_000),
      `| prix |\n|---|\n${'| 4 |\n'.repeat(4_000)}`,
      `${'paypal '.repeat(3_000)}@x`,
      'IBAN '.repeat(4_000),
    ];
    for (const input of inputs) {
      const start = performance.now();
      guardStrict(input, POLICY);
      expect(performance.now() - start, input.slice(0, 30)).toBeLessThan(1_000);
    }
  });
});
