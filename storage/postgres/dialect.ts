import { PostgresAdapter, PostgresQueryCompiler, sql } from 'kysely';
import { compilerOnly, type SqlDialect } from '../sql/dialect.js';
import { searchWordsOf } from '../sql/search-text.js';

/** `word:*` for each word (letters and digits only, so nothing typed is tsquery syntax), all required. */
function toTsQuery(text: string): string | null {
  const words = searchWordsOf(text);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(' & ') : null;
}

/** Booleans are `boolean`; JSON is `jsonb`, which pg parses on read (and is sent as JSON text). */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  builder: compilerOnly(
    () => new PostgresAdapter(),
    () => new PostgresQueryCompiler(),
  ),
  noLimit: null,
  writableCte: true,
  rowLocks: true,
  roundTrips: true,
  encodeBool: (value) => value,
  decodeBool: (value) => value === true,
  encodeJson: (value) => JSON.stringify(value),
  decodeJson: (value) => value,
  // node-postgres sends a JavaScript array as a PostgreSQL array literal.
  encodeList: (values) => values,
  searchWords: toTsQuery,
  fragments: {
    // Through an array: the planner then counts on ten ids and reads a large table by its index. Straight
    // from jsonb_array_elements_text it counts on 100 and hashes them against a scan of the whole table
    // (every message, for the outbox writing back ten sends). Ten is still a guess: a small table is
    // scanned; the hot lists use `inList`, whose array parameter each plan counts.
    jsonList: (list) => sql`(SELECT unnest(ARRAY(SELECT jsonb_array_elements_text(CAST(${list} AS jsonb)))))`,
    jsonRecords: (list, alias, columns) =>
      sql`jsonb_to_recordset(CAST(${list} AS jsonb)) AS ${sql.id(alias)}(${sql.raw(
        columns.map(([name, type]) => `"${name}" ${type === 'bool' ? 'boolean' : 'text'}`).join(', '),
      )})`,
    inSubquery: (column, subquery) => sql`${column} = ANY(ARRAY${subquery})`,
    inList: (column, list) => sql`${column} = ANY(CAST(${list} AS text[]))`,
    jsonField: (object, key) => sql`(CAST(${object} AS jsonb) ->> CAST(${key} AS text))`,
    // `?`: the array holds this string (tags are arrays of strings). `@> jsonb_build_array(…)` built the
    // array again for every row: 47 ms against 11 ms over 100,000 contacts.
    jsonArrayHas: (column, value) => sql`(${column} ? CAST(${value} AS text))`,
    // A LIKE, which the trigram indexes answer (migration 059); the needle's own %, _ and \ are escaped.
    contains: (haystack, needle) =>
      sql`${haystack} LIKE '%' || replace(replace(replace(CAST(${needle} AS text), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`,
    text: (value) => sql`CAST(${value} AS text)`,
    bool: (value) => sql`CAST(${value} AS boolean)`,
    json: (value) => sql`CAST(${value} AS jsonb)`,
    skipLocked: () => sql`FOR UPDATE SKIP LOCKED`,
    noIndex: (column) => column,
    textNoIndex: (column) => sql`(${column} || '')`,
    indexedBy: () => sql``,
    // The planner reads a common word off the primary key backwards, testing each row's stored words
    // (migration 058), and a rare one off their GIN index (messages_words); either stops at the limit.
    newestMatching: (
      words,
      limit,
    ) => sql`SELECT id, conversation_id FROM (SELECT id, conversation_id FROM messages
      WHERE words @@ to_tsquery('simple', ${words})
      ORDER BY id DESC LIMIT ${limit}) AS newest`,
    isTrue: (column) => column,
    anyTrue: (column) => sql`bool_or(${column})`,
    greatest: (a, b) => sql`greatest(${a}, ${b})`,
    least: (a, b) => sql`least(${a}, ${b})`,
  },
};
