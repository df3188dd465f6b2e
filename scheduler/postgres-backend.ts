/**
 * Agenda on PostgreSQL: `@agendajs/postgres-backend` (jobs locked with `FOR UPDATE SKIP LOCKED`, a
 * job saved by one process announced to the others by LISTEN/NOTIFY). Its table is created here,
 * under the caller's schema lock, rather than by every backend at once: processes starting together
 * would race on `CREATE TABLE IF NOT EXISTS` and on its trigger function.
 *
 * The package's `unique()` save is a SELECT then an INSERT or UPDATE with nothing to stop two racing
 * saves: 40 saves of one slot at once left 38 jobs (and a deadlock between their UPDATEs). A unique
 * index on the slot's key makes the losers fail (23505), and Scheduler.scheduleSlot saves them again,
 * which then finds the winner's row.
 */
import { EventEmitter } from 'node:events';
import { PostgresBackend, PostgresJobRepository } from '@agendajs/postgres-backend';
import type { AgendaBackend } from 'agenda';
import type pg from 'pg';
import { SLOT_JOB } from './scheduler.js';

export const JOBS_TABLE = 'agenda_jobs';

export interface PostgresSchedulerOptions {
  /** Shared with the app (Agenda never closes it). */
  pool: pg.Pool;
  /** Serializes schema creation between processes (an advisory lock). */
  schemaLock: <T>(work: () => Promise<T>) => Promise<T>;
  /** Told when the LISTEN connection is lost (the channel reconnects by itself); for the log. */
  onConnectionError?: (error: Error) => void;
}

export async function createPostgresSchedulerBackend(
  options: PostgresSchedulerOptions,
): Promise<AgendaBackend> {
  const { pool, schemaLock } = options;
  // The package's own schema code (table, later columns, indexes, trigger), run one process at a time.
  await schemaLock(async () => {
    await new PostgresJobRepository({ pool, tableName: JOBS_TABLE }).connect();
    await pool.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS ${JOBS_TABLE}_campaign_slot_idx
         ON ${JOBS_TABLE} ((data->>'campaignId'), (data->>'slot')) WHERE name = '${SLOT_JOB}'`,
    );
  });
  const backend = new PostgresBackend({ pool, tableName: JOBS_TABLE, ensureSchema: false });
  // The package's notification channel re-emits its LISTEN client's errors as its own 'error' event
  // and nothing in Agenda listens to it: a restart of the server would end the process.
  const channel = backend.notificationChannel;
  if (channel instanceof EventEmitter) channel.on('error', options.onConnectionError ?? (() => {}));
  return backend;
}
