import { PostgresAdapter, PostgresQueryCompiler, sql } from 'kysely';
import { compilerOnly, type SqlDialect } from '../sql/dialect.js';

/** Booleans are `boolean`; JSON is `jsonb`, which pg parses on read (and is sent as JSON text). */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  builder: compilerOnly(
    () => new PostgresAdapter(),
    () => new PostgresQueryCompiler(),
  ),
  noLimit: null,
  encodeBool: (value) => value,
  decodeBool: (value) => value === true,
  encodeJson: (value) => JSON.stringify(value),
  decodeJson: (value) => value,
  fragments: {
    jsonList: (list) => sql`(SELECT jsonb_array_elements_text(CAST(${list} AS jsonb)))`,
    jsonArrayHas: (column, value) => sql`(${column} @> jsonb_build_array(CAST(${value} AS text)))`,
    contains: (haystack, needle) => sql`strpos(${haystack}, ${needle}) > 0`,
    text: (value) => sql`CAST(${value} AS text)`,
    anyTrue: (column) => sql`bool_or(${column})`,
    greatest: (a, b) => sql`greatest(${a}, ${b})`,
    least: (a, b) => sql`least(${a}, ${b})`,
  },
};
