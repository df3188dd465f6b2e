import { sql } from 'kysely';
import type { Campaign, CampaignStatus } from '../../core/types.js';
import type { CampaignRepository, Page, PageQuery } from '../types.js';
import { patchEntity, queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import type { SqlExecutor } from './executor.js';
import { pageParams } from './paging.js';
import { perDialect, prepare, type SlotFn } from './prepared-query.js';

const CAMPAIGNS: EntitySpec<Campaign> = {
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
};

const queries = perDialect((dialect, spec: EntitySpec<Campaign>) => {
  // A NULL status means every campaign.
  const status = (slot: SlotFn) =>
    sql<boolean>`(${dialect.fragments.text(slot('status'))} IS NULL OR status = ${slot('status')})` as never;
  return {
    page: queriesOf(dialect, spec).select((query, slot) =>
      query.where(status(slot)).orderBy('id', 'desc').limit(slot('limit')).offset(slot('offset')),
    ),
    count: prepare(dialect, (db, slot) =>
      db
        .selectFrom('campaigns')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(status(slot)),
    ),
  };
});

export class SqlCampaignRepository implements CampaignRepository {
  readonly #table;
  readonly #q;

  constructor(
    private readonly db: SqlExecutor,
    private readonly now: () => Date,
  ) {
    this.#table = queriesOf(db.dialect, CAMPAIGNS);
    this.#q = queries(db.dialect, CAMPAIGNS);
  }

  async create(campaign: Campaign): Promise<Campaign> {
    await this.db.run(this.#table.insert, this.#table.params(campaign));
    return campaign;
  }

  async get(id: string): Promise<Campaign | null> {
    return this.#table.decoder.first(await this.db.rows(this.#table.byId, { id }));
  }

  update(id: string, patch: Partial<Omit<Campaign, 'id' | 'createdAt'>>): Promise<Campaign | null> {
    return patchEntity(this.db, this.#table, id, patch, this.now);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run(this.#table.remove, { id })) > 0;
  }

  /** Newest first. */
  async list(query: PageQuery & { status?: CampaignStatus }): Promise<Page<Campaign>> {
    const filter = { status: query.status ?? null };
    // Both issued before either is awaited: on SQLite they run back to back, no unit between them.
    const [rows, [count]] = await Promise.all([
      this.db.rows(this.#q.page, { ...filter, ...pageParams(this.db.dialect, query) }),
      this.db.rows(this.#q.count, filter),
    ]);
    return { items: this.#table.decoder.all(rows), total: Number(count![0]) };
  }
}
