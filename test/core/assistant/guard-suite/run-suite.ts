/** Runs a guard over the generated suite and computes leak and false-positive rates. */
import { HARMFUL, HARMLESS } from './index.js';
import { leakedSecrets } from './oracle.js';

export type GuardUnderTest = (text: string) => { text: string; removed: number };
export interface SuiteFailure {
  id: string;
  input: string;
  output: string;
  why: string;
}
export interface SuiteResult {
  harmful: number;
  harmless: number;
  leaks: SuiteFailure[];
  falsePositives: SuiteFailure[];
  leakRate: number;
  falsePositiveRate: number;
}

export function runSuite(guard: GuardUnderTest): SuiteResult {
  const leaks: SuiteFailure[] = [];
  for (const c of HARMFUL) {
    const out = guard(c.text);
    const leaked = leakedSecrets(out.text, c.secrets);
    // A removal the coach cannot see is a failure too: something must be recorded.
    const why =
      leaked.length > 0 ? `leaked ${leaked.join(', ')}` : out.removed === 0 ? 'nothing recorded' : '';
    if (why) leaks.push({ id: c.id, input: c.text, output: out.text, why });
  }
  const falsePositives: SuiteFailure[] = [];
  for (const c of HARMLESS) {
    const out = guard(c.text);
    if (out.text !== c.text || out.removed > 0)
      falsePositives.push({ id: c.id, input: c.text, output: out.text, why: `${out.removed} removed` });
  }
  return {
    harmful: HARMFUL.length,
    harmless: HARMLESS.length,
    leaks,
    falsePositives,
    leakRate: leaks.length / HARMFUL.length,
    falsePositiveRate: falsePositives.length / HARMLESS.length,
  };
}

export function describeFailures(failures: SuiteFailure[]): string {
  return failures
    .map((f) => `${f.id} (${f.why})\n  in:  ${JSON.stringify(f.input)}\n  out: ${JSON.stringify(f.output)}`)
    .join('\n');
}
