/**
 * Concurrent callers' statements of one kind in one statement (a customer's message's read, its
 * write, an answer's write), where each call is a statement of its own on any of several connections
 * (`SqlExecutor.pooled`: PostgreSQL outside a unit). Measured (bench/postgres, docs/DECISIONS.md): a
 * statement's fixed cost (its round trip, its executor's start over several tables and their indexes,
 * its commit) was most of PostgreSQL's share of a message; under load one statement now carries the
 * calls that arrived while the previous ones ran.
 * - At most `IN_FLIGHT` statements at a time per kind and repository; a call arriving when fewer run
 *   goes out at once, alone, as before (no timer, no added latency when idle).
 * - One call per key (a write's conversation) per statement: a row is updated once per statement, a
 *   second update of it would be dropped silently. A key's next call waits for the next statement.
 *   A read's key is its own: reads lock nothing.
 * - Calls in key order, so two statements lock their conversations in one order.
 * - A statement that fails with a SQLSTATE (a write's own value refused: a unique key; a deadlock)
 *   wrote nothing: its calls run again one by one, each caller getting its own outcome. Any other
 *   failure (the connection lost) is every caller's, as it would have been alone.
 */
import { type RawBuilder, sql } from 'kysely';
import { ConflictError } from '../../core/errors.js';
import type { SqlDialect } from './dialect.js';
import type { SlotFn } from './prepared-query.js';

/** Statements at a time (the pool has ten connections by default). */
const IN_FLIGHT = 2;
/** Writes per statement at most. */
const MAX_ROWS = 64;
/** Each row's values are named `s_<slot>`: no column of the tables or the CTEs written is. */
const ROW = 's_';

export type BatchType = 'text' | 'bool' | 'json' | 'integer';

/**
 * The rows of a batch statement: `input` is a CTE `i` of the JSON array `list` (objects made by
 * `batchRow`), `value` reads a slot of the current row of `i` as a single statement's slot would
 * (JSON and integers cast as their columns take them).
 */
export function batchInput(dialect: SqlDialect, list: unknown, types: ReadonlyMap<string, BatchType>) {
  const f = dialect.fragments;
  const columns = [...types].map(
    ([name, type]) => [`${ROW}${name}`, type === 'bool' ? 'bool' : 'text'] as const,
  );
  const input = sql`i AS (SELECT * FROM ${f.jsonRecords(list as RawBuilder<unknown>, 'i', columns)})`;
  const value = ((name: string) => {
    const type = types.get(name);
    if (type === undefined) throw new Error(`batch statement: no value named ${name}`);
    const ref = sql.ref(`i.${ROW}${name}`);
    return type === 'json' ? f.json(ref) : type === 'integer' ? sql`CAST(${ref} AS integer)` : ref;
  }) as unknown as SlotFn;
  return { input, value, key: sql.ref(`i.${ROW}id`) };
}

/** A single statement's values as one object of a batch statement's JSON array. */
export function batchRow(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name in params) row[`${ROW}${name}`] = params[name];
  return row;
}

interface Waiting<W, R> {
  call: W;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/** A failure of the statement itself, which wrote nothing (PostgreSQL reports a SQLSTATE). */
function failedOnValues(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof ConflictError || (typeof code === 'string' && /^[0-9][0-9A-Z]{4}$/.test(code));
}

export interface BatchedStatement<W, R> {
  /** The call alone, as a single statement. */
  one(call: W): Promise<R>;
  /** Several calls (distinct keys, in key order) in one statement: one result per call, in order. */
  many(calls: readonly W[]): Promise<R[]>;
  /** What no two calls of one statement may share (a write's conversation). */
  key(call: W): string;
}

/** One kind of call of one pooled executor (see the top of this file). */
export class StatementBatches<W, R> {
  #waiting: Waiting<W, R>[] = [];
  #running = 0;

  constructor(private readonly kind: BatchedStatement<W, R>) {}

  run(call: W): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ call, resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    while (this.#running < IN_FLIGHT && this.#waiting.length > 0) {
      const batch: Waiting<W, R>[] = [];
      const later: Waiting<W, R>[] = [];
      const keys = new Set<string>();
      for (const waiting of this.#waiting) {
        const key = this.kind.key(waiting.call);
        if (batch.length >= MAX_ROWS || keys.has(key)) later.push(waiting);
        else {
          keys.add(key);
          batch.push(waiting);
        }
      }
      this.#waiting = later;
      this.#running++;
      void this.#run(batch).finally(() => {
        this.#running--;
        this.#next();
      });
    }
  }

  async #run(batch: Waiting<W, R>[]): Promise<void> {
    const alone = (waiting: Waiting<W, R>) =>
      this.kind.one(waiting.call).then(waiting.resolve, waiting.reject);
    if (batch.length === 1) return alone(batch[0]!);
    const key = (waiting: Waiting<W, R>) => this.kind.key(waiting.call);
    batch.sort((a, b) => (key(a) < key(b) ? -1 : 1));
    let results: R[];
    try {
      results = await this.kind.many(batch.map((waiting) => waiting.call));
    } catch (error) {
      if (!failedOnValues(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      await Promise.all(batch.map(alone));
      return;
    }
    for (const [index, waiting] of batch.entries()) waiting.resolve(results[index]!);
  }
}
