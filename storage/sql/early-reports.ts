import { sql } from 'kysely';
import type { EarlyReport, EarlyReportRepository } from '../types.js';
import type { ChannelName, ErrorInfo, MessageStatus } from '../../core/types.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepareRaw } from './prepared-query.js';

const EARLY_REPORTS = { table: 'early_reports' };

const queries = perDialect((dialect, _key: typeof EARLY_REPORTS) => ({
  // One statement, so racing reports for one message keep the furthest status whatever their order.
  hold: prepareRaw(
    dialect,
    (slot, f) => sql`INSERT INTO early_reports (channel, external_id, status, rank, error, until)
      VALUES (${slot('channel')}, ${slot('id')}, ${slot('status')}, ${slot('rank')}, ${f.json(slot('error'))}, ${slot('until')})
      ON CONFLICT (channel, external_id) DO UPDATE SET status = excluded.status, rank = excluded.rank,
        error = excluded.error, until = excluded.until
      WHERE early_reports.rank < excluded.rank OR early_reports.until <= ${slot('now')}`,
    { returnsRows: false },
  ),
  // Whoever deletes the row has it: two processes recording the same id apply it once.
  take: prepareRaw(
    dialect,
    (slot) => sql`DELETE FROM early_reports WHERE channel = ${slot('channel')} AND external_id = ${slot('id')}
      RETURNING status, error, until`,
    { returnsRows: true },
  ),
  purge: prepareRaw(dialect, (slot) => sql`DELETE FROM early_reports WHERE until <= ${slot('now')}`, {
    returnsRows: false,
  }),
}));

export class SqlEarlyReportRepository implements EarlyReportRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = queries(db.dialect, EARLY_REPORTS);
  }

  async hold(report: EarlyReport, rank: number, now: string): Promise<void> {
    await this.db.run(this.#q.hold, {
      channel: report.channel,
      id: report.externalMessageId,
      status: report.status,
      rank,
      error: report.error ? this.db.dialect.encodeJson(report.error) : null,
      until: report.until,
      now,
    });
  }

  async take(channel: ChannelName, externalMessageId: string, now: string): Promise<EarlyReport | null> {
    const [row] = await this.db.rows(this.#q.take, { channel, id: externalMessageId });
    if (!row || (row[2] as string) <= now) return null;
    const error = row[1] === null ? null : (this.db.dialect.decodeJson(row[1]) as ErrorInfo);
    return { channel, externalMessageId, status: row[0] as MessageStatus, error, until: row[2] as string };
  }

  purge(now: string): Promise<number> {
    return this.db.run(this.#q.purge, { now });
  }
}
