import type { Repositories } from '../types.js';
import type { SqlExecutor } from '../sql/executor.js';
import { type BackendParts, createSharedRepositories } from '../sql/repositories.js';
import type { SqliteDatabase } from './database.js';
import { SqliteJobStoreRepository } from './jobs.js';

/**
 * Every repository on one connection, statements prepared once here; the shared ones run on
 * `executor` (the one bound to the transaction in progress).
 */
export { createSharedRepositories };

export function createRepositories(
  db: SqliteDatabase,
  now: () => Date,
  executor: SqlExecutor,
  parts: BackendParts,
): Repositories {
  return {
    ...createSharedRepositories(executor, now, parts),
    jobs: new SqliteJobStoreRepository(db),
  };
}

type AsyncMethod = (...args: unknown[]) => Promise<unknown>;

/** Method names of a repository instance, inherited ones included. */
function methodNames(repository: object): string[] {
  const names = new Set<string>();
  for (
    let proto = Object.getPrototypeOf(repository);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof repository[name as keyof typeof repository] === 'function') {
        names.add(name);
      }
    }
  }
  return [...names];
}

/**
 * A view of `repository` whose calls first wait out `gate` (run at once while it is open). Repository
 * methods never await inside (better-sqlite3 is synchronous), so a call let through runs all its
 * statements before the next transaction can begin.
 */
function gated<T extends object>(repository: T, gate: Gate): T {
  const view: Record<string, AsyncMethod> = {};
  for (const name of methodNames(repository)) {
    const method = (repository as unknown as Record<string, AsyncMethod>)[name]!;
    view[name] = (...args) =>
      gate.held ? gate.whenFree(() => method.apply(repository, args)) : method.apply(repository, args);
  }
  return view as T;
}

export interface Gate {
  readonly held: boolean;
  whenFree<T>(call: () => Promise<T>): Promise<T>;
}

/** The repositories as seen by callers outside a transaction: each call waits while one is open. */
export function gateRepositories(repositories: Repositories, gate: Gate): Repositories {
  const entries = Object.entries(repositories).map(([name, repository]) => [name, gated(repository, gate)]);
  return Object.fromEntries(entries) as Repositories;
}
