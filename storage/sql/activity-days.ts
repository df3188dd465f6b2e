import { sql } from 'kysely';
import type { ActivityDayRepository, DayActivity } from '../types.js';
import type { SqlDialect } from './dialect.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepare } from './prepared-query.js';

const ACTIVITY_DAYS = { table: 'activity_days' };

const FIGURES = [
  ['messages', 'messages'],
  ['fromContacts', 'from_contacts'],
  ['assistant', 'assistant'],
  ['coach', 'coach'],
  ['conversations', 'conversations'],
  ['newConversations', 'new_conversations'],
] as const;

const queries = perDialect((dialect: SqlDialect, _key: typeof ACTIVITY_DAYS) => ({
  get: prepare(dialect, (db, slot) =>
    db
      .selectFrom('activity_days')
      .select(['day', ...FIGURES.map(([, column]) => column)])
      .where('time_zone', '=', slot('timeZone'))
      .where(sql<boolean>`day IN ${dialect.fragments.jsonList(slot('days'))}` as never)
      .orderBy('day'),
  ),
  // Every process computes the same figures for a closed day: the first stored stays.
  put: prepare(
    dialect,
    (db, slot) =>
      db
        .insertInto('activity_days')
        .values({
          time_zone: slot('timeZone'),
          day: slot('day'),
          ...Object.fromEntries(FIGURES.map(([field, column]) => [column, slot(field)])),
        })
        .onConflict((conflict) => conflict.doNothing()),
    { mayConflict: false },
  ),
}));

export class SqlActivityDayRepository implements ActivityDayRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = queries(db.dialect, ACTIVITY_DAYS);
  }

  async get(timeZone: string, days: readonly string[]): Promise<DayActivity[]> {
    if (days.length === 0) return [];
    const rows = await this.db.rows(this.#q.get, { timeZone, days: JSON.stringify(days) });
    return rows.map(([day, ...figures]) => {
      const out = { day: day as string } as DayActivity;
      FIGURES.forEach(([field], i) => {
        out[field] = Number(figures[i]);
      });
      return out;
    });
  }

  async put(timeZone: string, days: readonly DayActivity[]): Promise<void> {
    if (days.length === 0) return;
    await this.db.atomic(async (executor) => {
      for (const figures of days) {
        const params: Record<string, unknown> = { timeZone, day: figures.day };
        for (const [field] of FIGURES) params[field] = figures[field];
        await executor.run(this.#q.put, params);
      }
    });
  }
}
