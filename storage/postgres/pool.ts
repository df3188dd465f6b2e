import pg from 'pg';

/** bigint (count(*), epoch milliseconds) as a number: every value Kora stores is below 2^53. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface PostgresPoolOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** Connections at most (pg's default is 10). */
  max?: number;
}

export function openPool(options: PostgresPoolOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString: options.url, max: options.max ?? 10, types });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}
