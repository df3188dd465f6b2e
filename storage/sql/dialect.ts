import { DummyDriver, type Kysely, Kysely as KyselyClass, type RawBuilder } from 'kysely';
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
  /**
   * A WITH clause may hold an INSERT (PostgreSQL): two writes go in one statement, one round trip.
   * SQLite runs them one after the other (in process, no round trip to save).
   */
  readonly writableCte: boolean;
  /**
   * Units on other connections run at the same time (PostgreSQL): a `locking` unit locks the rows and
   * chats it decides from. SQLite's one writer runs one unit at a time: nothing to lock.
   */
  readonly rowLocks: boolean;
  /**
   * Each statement is a round trip to a server (PostgreSQL): rows written together go in one statement.
   * SQLite runs statements in process, where a prepared statement per row costs less than building one
   * for many (JSON parameters, larger texts).
   */
  readonly roundTrips: boolean;
  encodeBool(value: boolean): unknown;
  decodeBool(value: unknown): boolean;
  encodeJson(value: unknown): unknown;
  decodeJson(value: unknown): unknown;
  /** The value of an `inList` parameter: a list of texts (PostgreSQL: an array, SQLite: JSON). */
  encodeList(values: readonly string[]): unknown;
  /** SQL that each backend spells its own way. */
  readonly fragments: SqlFragments;
  /**
   * The full-text query for what a person typed: every word, each as a prefix; nothing typed is read
   * as query syntax. null for no words.
   */
  searchWords(text: string): string | null;
}

type Sql = RawBuilder<unknown>;

export interface SqlFragments {
  /** A subquery of the text values of a JSON array given as one parameter (lists bind as one value). */
  jsonList(list: Sql): Sql;
  /**
   * A FROM item named `alias`: one row per object of the JSON array given as one parameter, one column
   * per name, each the object's value at that key (`bool` columns as the dialect stores booleans).
   */
  jsonRecords(list: Sql, alias: string, columns: readonly (readonly [string, 'text' | 'bool'])[]): Sql;
  /**
   * `column` among the texts of `list`, a parameter made by `encodeList`, spelled so that the column's
   * index is searched for the listed values even when the planner thinks the table tiny. PostgreSQL:
   * `= ANY(text[])`, one array parameter, so each plan is made knowing how many values there are; the
   * same list unpacked from JSON in the statement counted as ten values in every plan, and on a small
   * table (a new store's first few hundred messages) a scan looked cheaper than ten reads by key: the
   * outbox read every message to write back two sends.
   */
  inList(column: Sql, list: Sql): Sql;
  /**
   * `column` among the values `subquery` gives, read by `column`'s index when there are few: PostgreSQL
   * planned `IN (subquery)` as a hash join over the whole table (25 ms for 817 conversations of
   * 100,000), an array of the values as index lookups.
   */
  inSubquery(column: Sql, subquery: Sql): Sql;
  /** The text at `key` of the JSON object given as one parameter; NULL when it has no such key (qualify a column `key`: SQLite's json_each has columns named id, key, value). */
  jsonField(object: Sql, key: Sql): Sql;
  /** Whether the JSON array in `column` holds the text `value`. */
  jsonArrayHas(column: Sql, value: Sql): Sql;
  /** Whether `needle` occurs in `haystack` (plain substring, no pattern). */
  contains(haystack: Sql, needle: Sql): Sql;
  /** A text parameter that may be NULL (PostgreSQL must know its type). */
  text(value: Sql): Sql;
  /** A JSON parameter that may be NULL, where the context does not type it. */
  json(value: Sql): Sql;
  /** A boolean parameter that may be NULL. */
  bool(value: Sql): Sql;
  /** The column, kept from the planner's index choice (SQLite's unary plus; as is on PostgreSQL). */
  noIndex(column: Sql): Sql;
  /**
   * A text column no index may serve on either backend (SQLite's unary plus, PostgreSQL `column || ''`):
   * for a query that must go by another index even while a table grows faster than its statistics
   * (PostgreSQL then counts it as one row and takes any index of the condition).
   */
  textNoIndex(column: Sql): Sql;
  /**
   * After a table name in FROM: read it through that index. SQLite's planner counts a whole table
   * rather than a narrow covering index of the same rows (it does not know how wide the rows are);
   * PostgreSQL chooses for itself (nothing).
   */
  indexedBy(index: string): Sql;
  /** Appended to a claim's inner SELECT: rows another claimer holds are skipped, not waited for. */
  skipLocked(): Sql;
  /**
   * A SELECT of the `id` and `conversation_id` of the newest `limit` messages matching a
   * `searchWords` query (read newest first, stopped at the limit).
   */
  newestMatching(words: Sql, limit: Sql): Sql;
  /** A boolean column is true, spelled as the partial indexes of that column spell it. */
  isTrue(column: Sql): Sql;
  /** Aggregate: whether any boolean of the group is true. */
  anyTrue(column: Sql): Sql;
  /** The larger and the smaller of two values. */
  greatest(a: Sql, b: Sql): Sql;
  least(a: Sql, b: Sql): Sql;
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
