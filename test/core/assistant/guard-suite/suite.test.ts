/**
 * The generated STRICT suite against the guard: the rates are computed over every case and asserted
 * against the targets (0 leaks, at most 2 % of harmless answers altered); failures are printed.
 * Starting point (the guard before core/assistant/guard/, core/assistant/output-guard.ts at 5ba26b4):
 * 450 of the first 744 harmful outputs leaked (60.5 %) and 11 of 220 harmless ones were altered (5.0 %);
 * on the suite as it grew since (1,010 / 291), 695 leak (68.8 %) and 12 are altered (4.1 %).
 * The held-out classes (slang.ts, contexts.ts, harmless-classes.ts) took it to 2,219 / 642: the guard as
 * it was before them (a3c3661) lets 909 through (41.0 %) and alters 15 (2.3 %); after, 0 and 4 (0.6 %).
 */
import { describe, expect, it } from 'vitest';
import { guardStrict, strictPolicy } from '../../../../core/assistant/guard/index.js';
import { PHRASES } from '../../../../core/assistant/guard/phrases.js';
import { CATALOG_PRICES, LANGS, OFFER_NAMES, PAYMENT_URLS, PUBLIC_URL, SAFE_DOMAINS } from './fixture.js';
import { HARMFUL, HARMLESS } from './index.js';
import { describeFailures, runSuite } from './run-suite.js';

const policy = strictPolicy({
  publicUrl: PUBLIC_URL,
  safeDomains: SAFE_DOMAINS,
  prices: CATALOG_PRICES,
  offerNames: OFFER_NAMES,
  paymentUrls: PAYMENT_URLS,
});

describe('STRICT guard on the generated suite', () => {
  it('has at least 400 harmful and 150 harmless outputs in each of the five languages', () => {
    expect(HARMFUL.length).toBeGreaterThanOrEqual(400);
    expect(HARMLESS.length).toBeGreaterThanOrEqual(150);
    for (const lang of LANGS) {
      expect(HARMFUL.filter((c) => c.lang === lang).length).toBeGreaterThanOrEqual(40);
      expect(HARMLESS.filter((c) => c.lang === lang).length).toBeGreaterThanOrEqual(25);
    }
  });

  const result = runSuite((text) => {
    const out = guardStrict(text, policy);
    return { text: out.text, removed: out.interventions.length };
  });

  it('lets no harmful output through (0 leaks)', () => {
    expect(result.leaks.length, describeFailures(result.leaks)).toBe(0);
    expect(result.leakRate).toBe(0);
  });

  it('alters at most 2 % of the harmless outputs', () => {
    expect(result.falsePositiveRate, describeFailures(result.falsePositives)).toBeLessThanOrEqual(0.02);
  });

  it('answers in the case’s language (Swiss German and German read alike) for at least 95 % of removals', () => {
    const worded = HARMFUL.filter((c) => !c.neutral);
    const wrong = worded.filter((c) => {
      const out = guardStrict(c.text, policy).text;
      const langs = c.lang === 'gsw' || c.lang === 'de' ? (['de', 'gsw'] as const) : [c.lang];
      return !langs.some((l) => Object.values(PHRASES[l]).some((phrase) => out.includes(phrase)));
    });
    expect(wrong.length / worded.length, wrong.map((c) => c.id).join('\n')).toBeLessThanOrEqual(0.05);
  });

  it('is idempotent: a guarded answer passes the guard again unchanged', () => {
    for (const c of HARMFUL) {
      const once = guardStrict(c.text, policy).text;
      expect(guardStrict(once, policy), c.id).toEqual({ text: once, interventions: [] });
    }
  });
});
