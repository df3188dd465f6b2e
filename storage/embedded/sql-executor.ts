import type { Statement } from 'better-sqlite3';
import { SqliteAdapter, SqliteQueryCompiler, sql } from 'kysely';
import { compilerOnly, type SqlDialect } from '../sql/dialect.js';
import type { SqlExecutor, Values } from '../sql/executor.js';
import { bind, type PreparedQuery } from '../sql/prepared-query.js';
import { toConflict } from './conflicts.js';
import { toFtsQuery } from './message-search.js';
import type { SqliteDatabase } from './database.js';

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  builder: compilerOnly(
    () => new SqliteAdapter(),
    () => new SqliteQueryCompiler(),
  ),
  noLimit: -1,
  writableCte: false,
  rowLocks: false,
  roundTrips: false,
  encodeBool: (value) => (value ? 1 : 0),
  decodeBool: (value) => value === 1,
  encodeJson: (value) => JSON.stringify(value),
  decodeJson: (value) => JSON.parse(value as string),
  encodeList: (values) => JSON.stringify(values),
  searchWords: toFtsQuery,
  fragments: {
    jsonList: (list) => sql`(SELECT value FROM json_each(${list}))`,
    jsonRecords: (list, alias, columns) =>
      sql`(SELECT ${sql.raw(
        columns.map(([name]) => `json_extract(value, '$.${name}') AS "${name}"`).join(', '),
      )} FROM json_each(${list})) AS ${sql.id(alias)}`,
    inList: (column, list) => sql`${column} IN (SELECT value FROM json_each(${list}))`,
    inSubquery: (column, subquery) => sql`${column} IN ${subquery}`,
    jsonField: (object, key) => sql`(SELECT value FROM json_each(${object}) WHERE key = ${key})`,
    jsonArrayHas: (column, value) => sql`EXISTS (SELECT 1 FROM json_each(${column}) WHERE value = ${value})`,
    contains: (haystack, needle) => sql`instr(${haystack}, ${needle}) > 0`,
    text: (value) => value,
    bool: (value) => value,
    json: (value) => value,
    // One writer: nothing is ever locked by another claimer.
    skipLocked: () => sql``,
    noIndex: (column) => sql`+${column}`,
    textNoIndex: (column) => sql`+${column}`,
    indexedBy: (index) => sql`INDEXED BY ${sql.raw(index)}`,
    // FTS5 reads newest rowid first and stops at the LIMIT: a typed word (`"bonjour"*`) is one doclist
    // of the prefix index of its length (migration 073), so a common word costs the limit, not its matches.
    newestMatching: (words, limit) => sql`SELECT id, conversation_id FROM messages WHERE rowid IN
      (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ${words} ORDER BY rowid DESC LIMIT ${limit})`,
    isTrue: (column) => sql`${column} = 1`,
    anyTrue: (column) => sql`max(${column})`,
    greatest: (a, b) => sql`max(${a}, ${b})`,
    least: (a, b) => sql`min(${a}, ${b})`,
  },
};

type Atomic = <T>(work: (executor: SqlExecutor) => Promise<T>) => Promise<T>;

/** Statements prepared once per query, shared by the executors of one connection. */
export class StatementCache {
  readonly #statements = new Map<PreparedQuery, Statement<unknown[]>>();

  constructor(private readonly db: SqliteDatabase) {}

  get(query: PreparedQuery): Statement<unknown[]> {
    let statement = this.#statements.get(query);
    if (!statement) {
      statement = this.db.prepare(query.sql) as Statement<unknown[]>;
      if (query.returnsRows) statement.raw(true);
      this.#statements.set(query, statement);
    }
    return statement;
  }
}

/**
 * Runs shared queries on better-sqlite3, synchronously: the statement has run when the promise is
 * returned, so a one-statement repository call runs whole before any other code (the store's lock
 * relies on it). `atomic` is given by the store: inside a unit it just runs the work, outside it
 * opens a transaction of its own.
 */
export class SqliteExecutor implements SqlExecutor {
  readonly dialect = sqliteDialect;

  constructor(
    private readonly statements: StatementCache,
    readonly atomic: Atomic,
  ) {}

  rows(query: PreparedQuery, params: Values): Promise<unknown[][]> {
    try {
      return Promise.resolve(this.statements.get(query).all(...bind(query, params)) as unknown[][]);
    } catch (error) {
      return Promise.reject(toConflict(error));
    }
  }

  run(query: PreparedQuery, params: Values): Promise<number> {
    try {
      const statement = this.statements.get(query);
      const values = bind(query, params);
      return Promise.resolve(
        query.returnsRows ? statement.all(...values).length : statement.run(...values).changes,
      );
    } catch (error) {
      return Promise.reject(toConflict(error));
    }
  }
}
