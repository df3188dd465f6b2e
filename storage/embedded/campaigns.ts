import type { Statement } from 'better-sqlite3';
import type { Campaign, CampaignStatus } from '../../core/types.js';
import type { CampaignRepository, Page, PageQuery } from '../types.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type RowsStatement } from './entity-table.js';
import { pageBounds } from './paging.js';

export class SqliteCampaignRepository implements CampaignRepository {
  readonly #table: EntityTable<Campaign>;
  readonly #page: RowsStatement<[{ status: string | null; limit: number; offset: number }]>;
  readonly #count: Statement<[{ status: string | null }]>;

  constructor(
    db: SqliteDatabase,
    private readonly now: () => Date,
  ) {
    this.#table = new EntityTable<Campaign>(db, {
      table: 'campaigns',
      columns: {
        id: ['id'],
        name: ['name'],
        message: ['message'],
        subject: ['subject'],
        mediaUrl: ['media_url'],
        targets: ['targets', 'json'],
        channels: ['channels', 'json'],
        schedule: ['schedule', 'json'],
        rate: ['rate'],
        whatsappTemplate: ['whatsapp_template', 'json'],
        quietHours: ['quiet_hours', 'json'],
        status: ['status'],
        slots: ['slots', 'json'],
        error: ['error', 'json'],
        createdBy: ['created_by', 'json'],
        launchedAt: ['launched_at'],
        completedAt: ['completed_at'],
        createdAt: ['created_at'],
        updatedAt: ['updated_at'],
      },
    });
    const where = 'WHERE (@status IS NULL OR status = @status)';
    this.#page = this.#table.select(`${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`);
    this.#count = db.prepare(`SELECT count(*) FROM campaigns ${where}`).pluck();
  }

  async create(campaign: Campaign): Promise<Campaign> {
    return this.#table.insert(campaign);
  }

  async get(id: string): Promise<Campaign | null> {
    return this.#table.find(id);
  }

  async update(id: string, patch: Partial<Omit<Campaign, 'id' | 'createdAt'>>): Promise<Campaign | null> {
    return this.#table.patch(id, patch, this.now().toISOString());
  }

  async delete(id: string): Promise<boolean> {
    return this.#table.remove(id);
  }

  async list(query: PageQuery & { status?: CampaignStatus }): Promise<Page<Campaign>> {
    const filter = { status: query.status ?? null };
    return {
      items: this.#table.fromRows(this.#page.all({ ...filter, ...pageBounds(query) })),
      total: this.#count.get(filter) as number,
    };
  }
}
