/**
 * Copies an embedded store (DATA_DIR/kora.db, opened read-only) into a PostgreSQL database: the
 * PostgreSQL migrations first, then each table in foreign-key order in batches of INSERT … ON CONFLICT
 * DO NOTHING (a rerun adds only what is missing), then the row counts of every table compared.
 */
import Database from 'better-sqlite3';
import type pg from 'pg';
import { MIGRATIONS } from '../embedded/migrations.js';
import { migratePostgres } from './migrations.js';
import { openPool } from './pool.js';
import { CopyError, claimTarget, type Source } from './copy-target.js';

export { CopyError };

/** Parents before children (foreign keys are checked on every insert). */
export const COPIED_TABLES = [
  'contacts',
  'channel_identities',
  'conversations',
  'conversation_members',
  'messages',
  'links',
  'offers',
  'articles',
  'promo_codes',
  'assistant_settings',
  'settings_values',
  'outbox',
  'admin_users',
  'admin_recovery_codes',
  'admin_sessions',
  'login_attempts',
  'audit_log',
  'tracked_links',
  'ai_usage',
  'consents',
  'campaigns',
  'campaign_deliveries',
  'channel_state',
  'leases',
  'classes',
  'class_sessions',
  'bookings',
  'booking_reminders',
  'packs',
  'pack_credits',
  'pack_uses',
  'payment_events',
  'payment_links',
  'attachments',
  'coach_reads',
  'inbox_reads',
  'canned_replies',
  'scheduled_messages',
  'early_reports',
  'turns',
  'rate_buckets',
  'activity_days',
] as const;

/**
 * Embedded tables with no PostgreSQL counterpart: migration records, the full-text index (PostgreSQL
 * indexes the messages themselves) and Agenda's job store (on PostgreSQL Agenda keeps its own table;
 * campaigns re-create their slot jobs at start, CampaignService.resume).
 */
const SKIPPED = /^(sqlite_.*|schema_migrations|search_state|messages_fts.*|scheduler_jobs)$/;
/** Embedded-only columns: the SQLite dedupe hash (PostgreSQL keys on dedupe_key itself). */
const SKIPPED_COLUMNS = new Set(['messages.dedupe_hash']);
const BATCH = 500;

export interface CopyOptions {
  /** The embedded database file (DATA_DIR/kora.db). */
  sqlitePath: string;
  /** The target, `postgres://…`. */
  url: string;
  /** Called after each batch; `done` on the table's last call (an empty table has only that one). */
  progress?: (table: string, copied: number, total: number, done: boolean) => void;
  now?: () => Date;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

interface Column {
  name: string;
  type: string;
}

export async function copyEmbeddedToPostgres(options: CopyOptions): Promise<TableCount[]> {
  const sqlite = new Database(options.sqlitePath, { readonly: true, fileMustExist: true });
  const pool = openPool({ url: options.url, max: 2 });
  try {
    const source = describeSource(sqlite);
    await claimTarget(pool, source, COPIED_TABLES);
    await migratePostgres(pool, options.now ?? (() => new Date()));
    for (const table of COPIED_TABLES) await copyTable(sqlite, pool, table, options.progress);
    return await countAll(sqlite, pool);
  } finally {
    sqlite.close();
    await pool.end();
  }
}

/** The installation's identity (when its first migration ran) and a check that every table is known. */
function describeSource(sqlite: Database.Database): Source {
  const tracked = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").get();
  if (!tracked) throw new CopyError('not a Kora database (no schema_migrations table)');
  const versions = sqlite.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
  const latest = Math.max(...MIGRATIONS.map((migration) => migration.version));
  if (!versions.includes(latest))
    throw new CopyError(
      'the embedded database is older than this version of Kora: start Kora once on this DATA_DIR (it migrates the database), stop it, then copy',
    );
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .pluck()
    .all() as string[];
  const known = new Set<string>(COPIED_TABLES);
  const unknown = tables.filter((name) => !known.has(name) && !SKIPPED.test(name));
  // A table added to the embedded store but not here would be left behind silently.
  if (unknown.length > 0) throw new CopyError(`tables this command does not know: ${unknown.join(', ')}`);
  const first = sqlite.prepare('SELECT applied_at FROM schema_migrations WHERE version = 1').pluck().get();
  return { id: `embedded:${String(first)}` };
}

async function targetColumns(pool: pg.Pool, table: string): Promise<Column[]> {
  const { rows } = await pool.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows;
}

/** Checks both sides have the same columns (but the embedded-only ones), so nothing is dropped. */
function sharedColumns(sqlite: Database.Database, table: string, target: Column[]): Column[] {
  const sourceNames = (sqlite.pragma(`table_info("${table}")`) as { name: string }[])
    .map((column) => column.name)
    .filter((name) => !SKIPPED_COLUMNS.has(`${table}.${name}`));
  const targetNames = new Set(target.map((column) => column.name));
  const extra = sourceNames.filter((name) => !targetNames.has(name));
  if (extra.length > 0) throw new CopyError(`${table}: no PostgreSQL column for ${extra.join(', ')}`);
  return target.filter((column) => sourceNames.includes(column.name));
}

/** SQLite keeps booleans as 0/1; JSON text goes into jsonb as is (PostgreSQL parses it). */
function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value !== 0 && value !== '0';
  if (typeof value === 'bigint') return value.toString();
  return value;
}

async function copyTable(
  sqlite: Database.Database,
  pool: pg.Pool,
  table: string,
  progress: CopyOptions['progress'],
): Promise<void> {
  const columns = sharedColumns(sqlite, table, await targetColumns(pool, table));
  const names = columns.map((column) => `"${column.name}"`).join(', ');
  const total = sqlite.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
  const rows = sqlite.prepare(`SELECT ${names} FROM "${table}"`).raw().iterate();
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async (done: boolean) => {
    await insertBatch(pool, table, columns, batch);
    copied += batch.length;
    batch = [];
    progress?.(table, copied, total, done);
  };
  for (const row of rows as Iterable<unknown[]>) {
    batch.push(row.map((value, index) => convert(value, columns[index]!.type)));
    if (batch.length === BATCH) await flush(false);
  }
  await flush(true);
}

async function insertBatch(pool: pg.Pool, table: string, columns: Column[], rows: unknown[][]) {
  if (rows.length === 0) return;
  const width = columns.length;
  const values = rows
    .map((_, row) => `(${columns.map((_, column) => `$${row * width + column + 1}`).join(', ')})`)
    .join(', ');
  const names = columns.map((column) => `"${column.name}"`).join(', ');
  await pool.query(`INSERT INTO "${table}" (${names}) VALUES ${values} ON CONFLICT DO NOTHING`, rows.flat());
}

async function countAll(sqlite: Database.Database, pool: pg.Pool): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of COPIED_TABLES) {
    const source = sqlite.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
    const { rows } = await pool.query<{ count: number }>(`SELECT count(*) AS count FROM "${table}"`);
    counts.push({ table, source, target: Number(rows[0]!.count) });
  }
  return counts;
}
