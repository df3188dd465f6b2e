import type { Statement } from 'better-sqlite3';
import type { StoredJob } from '../../core/types.js';
import type { JobFilter, JobState, JobStoreRepository } from '../types.js';
import type { SqliteDatabase } from './database.js';

/** Job fields held as dates (stored as epoch milliseconds). */
const DATE_FIELDS = [
  'lockedAt',
  'lastFinishedAt',
  'failedAt',
  'lastRunAt',
  'debounceStartedAt',
  'startDate',
  'endDate',
] as const;

/** Columns of their own (compared on every scan); everything else is the JSON `doc`. */
const COLUMN_FIELDS = new Set(['_id', 'name', 'type', 'priority', 'nextRunAt', 'lockedAt', 'disabled']);

type JobRow = [
  id: string,
  name: string,
  type: string,
  priority: number,
  nextRunAt: number | null,
  lockedAt: number | null,
  disabled: number,
  doc: string,
];

const SELECT = 'SELECT id, name, type, priority, next_run_at, locked_at, disabled, doc FROM scheduler_jobs';
/** nextRunAt ascending (nulls last), then priority, highest first: the processor's order. */
const ORDER = 'ORDER BY next_run_at IS NULL, next_run_at, priority DESC, id';

const ms = (date: Date | null | undefined): number | null =>
  date === null || date === undefined ? null : new Date(date).getTime();

function toRow(job: StoredJob): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(job)) {
    if (value === undefined || COLUMN_FIELDS.has(key)) continue;
    doc[key] = (DATE_FIELDS as readonly string[]).includes(key) ? ms(value as Date) : value;
  }
  return {
    id: job._id,
    name: job.name,
    type: job.type,
    priority: job.priority ?? 0,
    next_run_at: ms(job.nextRunAt),
    locked_at: ms(job.lockedAt),
    disabled: job.disabled ? 1 : 0,
    doc: JSON.stringify(doc),
  };
}

function fromRow(row: JobRow): StoredJob {
  const [id, name, type, priority, nextRunAt, lockedAt, disabled, docText] = row;
  const doc = JSON.parse(docText) as Record<string, unknown>;
  const job: Record<string, unknown> = {
    _id: id,
    name,
    type,
    priority,
    nextRunAt: nextRunAt === null ? null : new Date(nextRunAt),
    data: doc.data ?? null,
    disabled: disabled === 1,
  };
  if (lockedAt !== null) job.lockedAt = new Date(lockedAt);
  for (const [key, value] of Object.entries(doc)) {
    if (value === null || key === 'data') continue;
    job[key] = (DATE_FIELDS as readonly string[]).includes(key) ? new Date(value as number) : value;
  }
  return job as unknown as StoredJob;
}

/** The WHERE clause and parameters of a job filter (every criterion applies). */
function where(filter: JobFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const list = (column: string, values: string[], negate = false) => {
    parts.push(`${column} ${negate ? 'NOT IN' : 'IN'} (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  if (filter.ids) list('id', filter.ids);
  if (filter.names) list('name', filter.names);
  if (filter.notNames) list('name', filter.notNames, true);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export class SqliteJobStoreRepository implements JobStoreRepository {
  readonly #db: SqliteDatabase;
  readonly #insert: Statement<[Record<string, unknown>]>;
  readonly #byId: Statement<[string]>;
  readonly #replace: Statement<[Record<string, unknown>]>;
  readonly #single: Statement<[string]>;
  readonly #lock: Statement<[Record<string, unknown>]>;
  readonly #lockNext: Statement<[Record<string, unknown>]>;
  readonly #unlock: Statement<[string]>;
  readonly #due: Statement<[number]>;
  readonly #names: Statement<[]>;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    const columns = 'id, name, type, priority, next_run_at, locked_at, disabled, doc';
    this.#insert = db.prepare(
      `INSERT INTO scheduler_jobs (${columns})
       VALUES (@id, @name, @type, @priority, @next_run_at, @locked_at, @disabled, @doc)`,
    );
    this.#byId = db.prepare(`${SELECT} WHERE id = ?`).raw(true);
    this.#replace = db
      .prepare(
        `UPDATE scheduler_jobs SET type = @type, priority = @priority, next_run_at = @next_run_at,
           locked_at = @locked_at, disabled = @disabled, doc = @doc
         WHERE id = @id AND name = @name RETURNING ${columns}`,
      )
      .raw(true);
    this.#single = db.prepare(`${SELECT} WHERE name = ? AND type = 'single'`).raw(true);
    this.#lock = db
      .prepare(
        `UPDATE scheduler_jobs SET locked_at = @at, doc = json_set(doc, '$.lastModifiedBy', @by)
         WHERE id = @id AND name = @name AND locked_at IS NULL AND disabled = 0
           AND next_run_at IS @next_run_at
         RETURNING ${columns}`,
      )
      .raw(true);
    // One statement finds and locks: two workers can never lock the same job.
    this.#lockNext = db
      .prepare(
        `UPDATE scheduler_jobs SET locked_at = @at, doc = json_set(doc, '$.lastModifiedBy', @by)
         WHERE id = (
           SELECT id FROM scheduler_jobs
           WHERE name = @name AND disabled = 0
             AND ((locked_at IS NULL AND next_run_at <= @scan) OR locked_at <= @deadline)
           ${ORDER} LIMIT 1)
         RETURNING ${columns}`,
      )
      .raw(true);
    this.#unlock = db.prepare(
      'UPDATE scheduler_jobs SET locked_at = NULL WHERE id = ? AND next_run_at IS NOT NULL',
    );
    this.#due = db.prepare('SELECT count(*) FROM scheduler_jobs WHERE next_run_at < ?').pluck();
    this.#names = db.prepare('SELECT DISTINCT name FROM scheduler_jobs ORDER BY name').pluck();
  }

  async insert(job: StoredJob): Promise<StoredJob> {
    this.#insert.run(toRow(job));
    return this.#find(job._id!)!;
  }

  async get(id: string): Promise<StoredJob | null> {
    return this.#find(id);
  }

  async replace(job: StoredJob): Promise<StoredJob | null> {
    const row = this.#replace.get(toRow(job)) as JobRow | undefined;
    return row ? fromRow(row) : null;
  }

  async upsertSingle(job: StoredJob, keepNextRunAt: boolean): Promise<StoredJob> {
    // Synchronous read and write: nothing runs in between on the one connection.
    const existing = this.#single.get(job.name) as JobRow | undefined;
    if (!existing) {
      this.#insert.run(toRow(job));
      return this.#find(job._id!)!;
    }
    const current = fromRow(existing);
    const next: StoredJob = { ...job, _id: current._id };
    if (keepNextRunAt) next.nextRunAt = current.nextRunAt;
    return fromRow(this.#replace.get(toRow(next)) as JobRow);
  }

  async list(filter: JobFilter): Promise<StoredJob[]> {
    const { sql, params } = where(filter);
    const rows = this.#db
      .prepare(`${SELECT} ${sql} ${ORDER}`)
      .raw(true)
      .all(...params) as JobRow[];
    return rows.map(fromRow);
  }

  async saveState(id: string, name: string, state: JobState): Promise<boolean> {
    const row = this.#byId.get(id) as JobRow | undefined;
    if (!row || row[1] !== name) return false;
    const job = fromRow(row);
    const next: StoredJob = { ...job };
    for (const key of [
      'lockedAt',
      'lastRunAt',
      'progress',
      'failReason',
      'failCount',
      'failedAt',
      'lastFinishedAt',
      'lastModifiedBy',
    ] as const) {
      (next as unknown as Record<string, unknown>)[key] = state[key] ?? undefined;
    }
    next.nextRunAt = state.nextRunAt ?? null;
    this.#replace.run(toRow(next));
    return true;
  }

  async lock(id: string, name: string, nextRunAt: Date | null, at: Date, by?: string) {
    const params = { id, name, next_run_at: ms(nextRunAt), at: at.getTime(), by: by ?? null };
    const row = this.#lock.get(params) as JobRow | undefined;
    return row ? fromRow(row) : null;
  }

  async lockNext(name: string, nextScanAt: Date, lockDeadline: Date, at: Date, by?: string) {
    const params = {
      name,
      scan: nextScanAt.getTime(),
      deadline: lockDeadline.getTime(),
      at: at.getTime(),
      by: by ?? null,
    };
    const row = this.#lockNext.get(params) as JobRow | undefined;
    return row ? fromRow(row) : null;
  }

  async unlock(id: string): Promise<void> {
    this.#unlock.run(id);
  }

  async unlockMany(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    this.#db
      .prepare('UPDATE scheduler_jobs SET locked_at = NULL WHERE id IN (SELECT value FROM json_each(?))')
      .run(JSON.stringify(ids));
  }

  async remove(filter: JobFilter): Promise<number> {
    const { sql, params } = where(filter);
    return this.#db.prepare(`DELETE FROM scheduler_jobs ${sql}`).run(...params).changes;
  }

  async setDisabled(filter: JobFilter, disabled: boolean): Promise<number> {
    const { sql, params } = where(filter);
    const statement = this.#db.prepare(
      `UPDATE scheduler_jobs SET disabled = ? ${sql ? `${sql} AND` : 'WHERE'} disabled <> ?`,
    );
    return statement.run(disabled ? 1 : 0, ...params, disabled ? 1 : 0).changes;
  }

  async countDue(now: Date): Promise<number> {
    return this.#due.get(now.getTime()) as number;
  }

  async distinctNames(): Promise<string[]> {
    return this.#names.all() as string[];
  }

  async removeAll(): Promise<number> {
    return this.#db.prepare('DELETE FROM scheduler_jobs').run().changes;
  }

  #find(id: string): StoredJob | null {
    const row = this.#byId.get(id) as JobRow | undefined;
    return row ? fromRow(row) : null;
  }
}
