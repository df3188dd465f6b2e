import { sql } from 'kysely';
import type { AiUsage, TrackedLink } from '../../core/types.js';
import type { AiUsageRepository, TrackedLinkRepository } from '../types.js';
import { queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepare } from './prepared-query.js';

const TRACKED_LINKS: EntitySpec<TrackedLink> = {
  table: 'tracked_links',
  columns: {
    id: ['id'],
    conversationId: ['conversation_id'],
    url: ['url'],
    clicks: ['clicks'],
    createdAt: ['created_at'],
    lastClickAt: ['last_click_at'],
  },
};

const linkQueries = perDialect((dialect, spec: EntitySpec<TrackedLink>) => {
  const q = queriesOf(dialect, spec);
  return {
    // One statement: concurrent clicks never read a stale count, and the latest time stays, whatever
    // order the clicks of one moment are written in (several processes).
    recordClick: q.prepareWith((db, slot) =>
      db
        .updateTable('tracked_links')
        .set({
          clicks: sql`clicks + 1`,
          last_click_at: dialect.fragments.greatest(sql`coalesce(last_click_at, '')`, slot('at')),
        })
        .where('id', '=', slot('id'))
        .returning(q.columns),
    ),
    forConversation: q.select((query, slot) =>
      query.where('conversation_id', '=', slot('conversation')).orderBy('id'),
    ),
  };
});

export class SqlTrackedLinkRepository implements TrackedLinkRepository {
  readonly #table;
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#table = queriesOf(db.dialect, TRACKED_LINKS);
    this.#q = linkQueries(db.dialect, TRACKED_LINKS);
  }

  async create(link: TrackedLink): Promise<TrackedLink> {
    await this.db.run(this.#table.insert, this.#table.params(link));
    return link;
  }

  async get(id: string): Promise<TrackedLink | null> {
    return this.#table.decoder.first(await this.db.rows(this.#table.byId, { id }));
  }

  async recordClick(id: string, at: string): Promise<TrackedLink | null> {
    return this.#table.decoder.first(await this.db.rows(this.#q.recordClick, { id, at }));
  }

  /** Oldest first (ids are time-ordered). */
  async listForConversation(conversationId: string): Promise<TrackedLink[]> {
    return this.#table.decoder.all(
      await this.db.rows(this.#q.forConversation, { conversation: conversationId }),
    );
  }
}

const AI_USAGE = { table: 'ai_usage' };

const usageQueries = perDialect((dialect, _key: typeof AI_USAGE) => ({
  // Insert-or-accumulate in one statement: concurrent calls lose nothing.
  add: prepare(
    dialect,
    (db, slot) =>
      db
        .insertInto('ai_usage')
        .values({
          day: slot('day'),
          provider: slot('provider'),
          calls: 1,
          input_tokens: slot('input'),
          output_tokens: slot('output'),
        })
        .onConflict((conflict) =>
          conflict.columns(['day', 'provider']).doUpdateSet({
            calls: sql`ai_usage.calls + 1`,
            input_tokens: sql`ai_usage.input_tokens + excluded.input_tokens`,
            output_tokens: sql`ai_usage.output_tokens + excluded.output_tokens`,
          }),
        ),
    { mayConflict: false },
  ),
  list: prepare(dialect, (db, slot) =>
    db
      .selectFrom('ai_usage')
      .select(['day', 'provider', 'calls', 'input_tokens', 'output_tokens'])
      .where('day', '>=', slot('since'))
      .orderBy('day')
      .orderBy('provider'),
  ),
}));

export class SqlAiUsageRepository implements AiUsageRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = usageQueries(db.dialect, AI_USAGE);
  }

  async add(day: string, provider: string, inputTokens: number, outputTokens: number): Promise<void> {
    await this.db.run(this.#q.add, { day, provider, input: inputTokens, output: outputTokens });
  }

  async list(sinceDay: string): Promise<AiUsage[]> {
    const rows = await this.db.rows(this.#q.list, { since: sinceDay });
    return rows.map(([day, provider, calls, inputTokens, outputTokens]) => ({
      day: day as string,
      provider: provider as string,
      calls: Number(calls),
      inputTokens: Number(inputTokens),
      outputTokens: Number(outputTokens),
    }));
  }
}
