/**
 * Which PostgreSQL databases the embedded copy may write into: an empty one (no Kora table holds a
 * row), or one a previous run of the copy from the same installation started. The second case is
 * recognised by a marker table the copy writes before its first row; any other data is refused, so
 * the copy never mixes two installations.
 */
import type pg from 'pg';

/** A refusal or mismatch the command reports as is (its message names what to do). */
export class CopyError extends Error {}

/** The installation being copied (the time its embedded database was created). */
export interface Source {
  id: string;
}

export const MARKER_TABLE = 'kora_embedded_copy';

async function markedSources(pool: pg.PoolClient): Promise<string[] | null> {
  const { rows } = await pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
    MARKER_TABLE,
  ]);
  if (!rows[0]?.found) return null;
  const marked = await pool.query<{ source: string }>(`SELECT source FROM ${MARKER_TABLE}`);
  return marked.rows.map((row) => row.source);
}

/** The tables (of those given) that exist and hold at least one row. */
async function nonEmptyTables(pool: pg.PoolClient, tables: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of tables) {
    const { rows } = await pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
      table,
    ]);
    if (!rows[0]?.found) continue;
    const any = await pool.query(`SELECT 1 FROM "${table}" LIMIT 1`);
    if (any.rowCount) found.push(table);
  }
  return found;
}

/** The advisory lock of the claim ("kcpy" in ASCII): two copies started together claim one at a time. */
const CLAIM_LOCK = 0x6b637079;

/** Refuses a target holding other data; otherwise records the source so a rerun is recognised. */
export async function claimTarget(pool: pg.Pool, source: Source, tables: readonly string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK]);
    await claimLocked(client, source, tables);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function claimLocked(client: pg.PoolClient, source: Source, tables: readonly string[]): Promise<void> {
  const marked = await markedSources(client);
  if (marked?.includes(source.id)) return;
  if (marked && marked.length > 0)
    throw new CopyError(`the target database holds a copy of another installation (${marked.join(', ')})`);
  const filled = await nonEmptyTables(client, tables);
  if (filled.length > 0)
    throw new CopyError(
      `the target database is not empty (rows in ${filled.join(', ')}): use an empty database, one Kora has never started on`,
    );
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${MARKER_TABLE} (source text PRIMARY KEY, started_at text NOT NULL)`,
  );
  await client.query(`INSERT INTO ${MARKER_TABLE} (source, started_at) VALUES ($1, $2)`, [
    source.id,
    new Date().toISOString(),
  ]);
}
