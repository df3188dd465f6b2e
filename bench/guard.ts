/**
 * bench/guard: the STRICT guard's cost per answer.
 * - every output of the generated suite (test/core/assistant/guard-suite), harmful and harmless, as is;
 * - 2,000-character answers assembled from the suite's outputs: typical (one line in four harmful) and
 *   worst case (every line harmful: some forty removals an answer);
 * each beside a baseline on the same texts in the same run: NFKC plus one regex pass for digits and
 * links, the least any guard does. Target: an answer of 2,000 characters costs at most 2 ms p99.
 */
import os from 'node:os';
import { guardStrict, strictPolicy } from '../core/assistant/guard/index.js';
import {
  CATALOG_PRICES,
  OFFER_NAMES,
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
  offerNames: OFFER_NAMES,
  paymentUrls: PAYMENT_URLS,
});

function baseline(text: string): number {
  let n = 0;
  for (const _m of text.normalize('NFKC').matchAll(BASELINE)) n++;
  return n;
}

/**
 * Answers of exactly `LONG` characters, suite outputs one per line in a fixed order: `harmfulEvery`
 * 4 is a typical answer (one line in four has something to remove), 1 the worst case (every line).
 */
function longAnswers(count: number, harmfulEvery: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    for (let k = 0; text.length < LONG; k++) {
      const harmful = k % harmfulEvery === harmfulEvery - 1;
      const pool = harmful ? HARMFUL : HARMLESS;
      text += `${pool[(i * 37 + k * 101) % pool.length]!.text}\n`;
    }
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

/** Mean CPU time per answer: unlike wall time, not stretched when other processes hold the cores. */
function cpuMean(texts: string[]): number {
  const before = process.cpuUsage();
  for (let r = 0; r < ROUNDS; r++) for (const text of texts) guardStrict(text, policy);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / (ROUNDS * texts.length);
}

function figure(name: string, texts: string[]): void {
  const guard = time(texts, (text) => guardStrict(text, policy));
  const cpuUs = cpuMean(texts);
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
    cpuMeanUs: round(cpuUs, 1),
    loadAvg1m: round(os.loadavg()[0]!, 1),
    cores: os.cpus().length,
  });
}

export async function runGuard(): Promise<void> {
  figure(
    'suite-answers',
    [...HARMFUL, ...HARMLESS].map((c) => c.text),
  );
  const typical = longAnswers(200, 4);
  figure('answers-2000-chars-typical', typical);
  figure('answers-2000-chars-every-line-harmful', longAnswers(200, 1));
  const p99 = percentile(
    time(typical, (text) => guardStrict(text, policy)),
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
