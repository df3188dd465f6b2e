/**
 * Several processes starting at once on a fresh database: each creates socket.io's attachments table
 * and Agenda's jobs table (with its trigger and indexes), and none fails on another's half-made table.
 * Each "process" here has its own pool, as separate processes do.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { createPostgresSchedulerBackend } from '../../scheduler/postgres-backend.js';
import { createPostgresPool, endPool, withSchemaLock } from '../../server/postgres/pool.js';
import { createPostgresSocketAdapter } from '../../server/postgres/socket-adapter.js';
import { withPostgresDatabase } from '../helpers/postgres.js';

const database = await withPostgresDatabase();
const PROCESSES = 8;

async function startOne(url: string): Promise<void> {
  const pool = createPostgresPool(url, silentLogger, 3);
  try {
    const [sockets] = await Promise.all([
      createPostgresSocketAdapter(url, silentLogger),
      createPostgresSchedulerBackend({ pool, schemaLock: (work) => withSchemaLock(pool, work) }),
    ]);
    await sockets.close();
  } finally {
    await endPool(pool);
  }
}

describe.skipIf(!database)('schema creation at start', () => {
  it(`succeeds for ${PROCESSES} processes starting together on a fresh database`, async () => {
    const starts = await Promise.allSettled(Array.from({ length: PROCESSES }, () => startOne(database!.url)));
    expect(starts.filter((start) => start.status === 'rejected')).toEqual([]);
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    await client.end();
    expect(rows.map((row) => row.table_name)).toEqual(['agenda_jobs', 'socket_io_attachments']);
  });
});
