import { PostgresAdapter, PostgresQueryCompiler } from 'kysely';
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
};
