import type { Statement } from 'better-sqlite3';
import type { AiUsage, TrackedLink } from '../../core/types.js';
import type { AiUsageRepository, TrackedLinkRepository } from '../types.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type RowsStatement } from './entity-table.js';

export class SqliteTrackedLinkRepository implements TrackedLinkRepository {
  readonly #table: EntityTable<TrackedLink>;
  readonly #recordClick: RowsStatement<[string, string]>;
  readonly #forConversation: RowsStatement<[string]>;

  constructor(db: SqliteDatabase) {
    this.#table = new EntityTable<TrackedLink>(db, {
      table: 'tracked_links',
      columns: {
        id: ['id'],
        conversationId: ['conversation_id'],
        url: ['url'],
        clicks: ['clicks'],
        createdAt: ['created_at'],
        lastClickAt: ['last_click_at'],
      },
    });
    // One statement: concurrent clicks never read a stale count.
    this.#recordClick = this.#table.prepareRows(
      `UPDATE tracked_links SET clicks = clicks + 1, last_click_at = ?
       WHERE id = ? RETURNING ${this.#table.columnList}`,
    );
    this.#forConversation = this.#table.select('WHERE conversation_id = ? ORDER BY id');
  }

  async create(link: TrackedLink): Promise<TrackedLink> {
    return this.#table.insert(link);
  }

  async get(id: string): Promise<TrackedLink | null> {
    return this.#table.find(id);
  }

  async recordClick(id: string, at: string): Promise<TrackedLink | null> {
    return this.#table.first(this.#recordClick.get(at, id));
  }

  /** Oldest first (ids are time-ordered). */
  async listForConversation(conversationId: string): Promise<TrackedLink[]> {
    return this.#table.fromRows(this.#forConversation.all(conversationId));
  }
}

export class SqliteAiUsageRepository implements AiUsageRepository {
  readonly #add: Statement<[string, string, number, number]>;
  readonly #list: RowsStatement<[string]>;

  constructor(db: SqliteDatabase) {
    // Insert-or-accumulate in one statement: concurrent calls lose nothing.
    this.#add = db.prepare(
      `INSERT INTO ai_usage (day, provider, calls, input_tokens, output_tokens) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (day, provider) DO UPDATE SET calls = calls + 1,
         input_tokens = input_tokens + excluded.input_tokens,
         output_tokens = output_tokens + excluded.output_tokens`,
    );
    this.#list = db
      .prepare(
        `SELECT day, provider, calls, input_tokens, output_tokens FROM ai_usage
         WHERE day >= ? ORDER BY day, provider`,
      )
      .raw(true) as unknown as RowsStatement<[string]>;
  }

  async add(day: string, provider: string, inputTokens: number, outputTokens: number): Promise<void> {
    this.#add.run(day, provider, inputTokens, outputTokens);
  }

  async list(sinceDay: string): Promise<AiUsage[]> {
    return this.#list.all(sinceDay).map(([day, provider, calls, inputTokens, outputTokens]) => ({
      day: day as string,
      provider: provider as string,
      calls: calls as number,
      inputTokens: inputTokens as number,
      outputTokens: outputTokens as number,
    }));
  }
}
