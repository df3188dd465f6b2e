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
  /** Told of each connection the server ended (a restart, a failover); the pool makes new ones. */
  onConnectionError?: (error: Error) => void;
}

export function openPool(options: PostgresPoolOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString: options.url, max: options.max ?? 10, types });
  // A connection the server ends must not end the process: pg emits 'error' on the client, idle (the
  // pool's 'error') or checked out between two queries of a unit (the client's own), and an 'error'
  // nobody listens to is an uncaught exception. The unit's next query fails; the pool drops the client.
  const report = options.onConnectionError ?? (() => {});
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}
