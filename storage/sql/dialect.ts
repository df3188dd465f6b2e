import { DummyDriver, type Kysely, Kysely as KyselyClass } from 'kysely';
import type { DialectAdapter, QueryCompiler } from 'kysely';

/** Any table, any column: queries are checked by the contract suite, not by a schema type. */
export type AnyTables = Record<string, Record<string, unknown>>;

export type QueryBuilder = Kysely<AnyTables>;

/**
 * What differs between SQLite and PostgreSQL in shared queries: the compiler (placeholders, quoting)
 * and how booleans and JSON are stored (0/1 and text on SQLite, `boolean` and `jsonb` on PostgreSQL).
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Builds and compiles queries; it never runs one (each backend runs the compiled text itself). */
  readonly builder: QueryBuilder;
  /** The LIMIT value meaning "no limit" (-1 on SQLite, NULL on PostgreSQL). */
  readonly noLimit: number | null;
  encodeBool(value: boolean): unknown;
  decodeBool(value: unknown): boolean;
  encodeJson(value: unknown): unknown;
  decodeJson(value: unknown): unknown;
}

/** A Kysely instance that only compiles: its driver refuses to run anything. */
export function compilerOnly(adapter: () => DialectAdapter, compiler: () => QueryCompiler): QueryBuilder {
  return new KyselyClass<AnyTables>({
    dialect: {
      createAdapter: adapter,
      createDriver: () => new DummyDriver(),
      createIntrospector: () => {
        throw new Error('the query builder has no connection to introspect');
      },
      createQueryCompiler: compiler,
    },
  });
}
