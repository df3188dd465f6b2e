/**
 * bench/guard: the STRICT guard's cost per answer.
 * - every output of the generated suite (test/core/assistant/guard-suite), harmful and harmless, as is;
 * - 2,000-character answers assembled from the suite's outputs (prose, lists, tables, links, amounts);
 * each beside a baseline on the same texts in the same run: NFKC plus one regex pass for digits and
 * links, the least any guard does. Target: an answer of 2,000 characters costs at most 2 ms p99.
 */
import { guardStrict, strictPolicy } from '../core/assistant/guard/index.js';
import {
  CATALOG_PRICES,
  PAYMENT_URLS,
  PUBLIC_URL,
  SAFE_DOMAINS,
} from '../test/core/assistant/guard-suite/fixture.js';
import { HARMFUL, HARMLESS } from '../test/core/assistant/guard-suite/index.js';
import { nowMs, percentile, report, round } from './lib.js';

const ROUNDS = 20;
const LONG = 2_000;
const BASELINE = /\d+|https?:\/\/\S+|www\.\S+/g;

const policy = strictPolicy({
  publicUrl: PUBLIC_URL,
  safeDomains: SAFE_DOMAINS,
  prices: CATALOG_PRICES,
  paymentUrls: PAYMENT_URLS,
});

function baseline(text: string): number {
  let n = 0;
  for (const _m of text.normalize('NFKC').matchAll(BASELINE)) n++;
  return n;
}

/** Answers of exactly `LONG` characters: suite outputs in a shuffled but fixed order, one per line. */
function longAnswers(count: number): string[] {
  const pool = [...HARMLESS.map((c) => c.text), ...HARMFUL.map((c) => c.text)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    for (let k = 0; text.length < LONG; k++) text += `${pool[(i * 37 + k * 101) % pool.length]}\n`;
    out.push(text.slice(0, LONG));
  }
  return out;
}

function time(texts: string[], run: (text: string) => unknown): number[] {
  for (const text of texts) run(text); // warm-up: compile the regexes, JIT the code
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const text of texts) {
      const start = nowMs();
      run(text);
      samples.push(nowMs() - start);
    }
  }
  return samples.sort((a, b) => a - b);
}

function figure(name: string, texts: string[]): void {
  const guard = time(texts, (text) => guardStrict(text, policy));
  const base = time(texts, baseline);
  const p = (s: number[], q: number) => round(percentile(s, q) * 1000, 1);
  report({
    bench: 'guard',
    figure: name,
    answers: texts.length,
    samples: guard.length,
    avgChars: Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length),
    p50Us: p(guard, 50),
    p99Us: p(guard, 99),
    baselineP50Us: p(base, 50),
    baselineP99Us: p(base, 99),
    ratioP50: round(percentile(guard, 50) / percentile(base, 50), 1),
  });
}

export async function runGuard(): Promise<void> {
  figure(
    'suite-answers',
    [...HARMFUL, ...HARMLESS].map((c) => c.text),
  );
  const long = longAnswers(200);
  figure('answers-2000-chars', long);
  const p99 = percentile(
    time(long, (text) => guardStrict(text, policy)),
    99,
  );
  report({
    bench: 'guard',
    figure: 'target-2000-chars-p99',
    p99Ms: round(p99, 3),
    targetMs: 2,
    met: p99 <= 2,
  });
}
