import { sql } from 'kysely';
import type { Article, Offer, PromoCode } from '../../core/types.js';
import type { ArticleRepository, OfferRepository, PromoCodeRepository } from '../types.js';
import { queriesOf, SqlCrudRepository } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import { NO_PARAMS, type SqlExecutor } from './executor.js';
import { perDialect } from './prepared-query.js';

const OFFERS: EntitySpec<Offer> = {
  table: 'offers',
  columns: {
    id: ['id'],
    name: ['name'],
    kind: ['kind'],
    description: ['description'],
    price: ['price'],
    currency: ['currency'],
    paymentUrl: ['payment_url'],
    visible: ['visible', 'bool'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
};

const ARTICLES: EntitySpec<Article> = {
  table: 'articles',
  columns: {
    id: ['id'],
    title: ['title'],
    body: ['body'],
    visible: ['visible', 'bool'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
};

const PROMO_CODES: EntitySpec<PromoCode> = {
  table: 'promo_codes',
  columns: {
    id: ['id'],
    code: ['code'],
    description: ['description'],
    discount: ['discount', 'json'],
    validUntil: ['valid_until'],
    maxUses: ['max_uses'],
    uses: ['uses'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
  derived: { code_key: { from: ['code'], derive: (promo) => promo.code.toLowerCase() } },
};

const visibleOf = perDialect((dialect, spec: EntitySpec<Offer | Article>) =>
  queriesOf(dialect, spec).select((query) =>
    query.where('visible', '=', dialect.encodeBool(true)).orderBy('id'),
  ),
);

export class SqlOfferRepository extends SqlCrudRepository<Offer> implements OfferRepository {
  async listVisible(): Promise<Offer[]> {
    const query = visibleOf(this.db.dialect, OFFERS as EntitySpec<Offer | Article>);
    return this.q.decoder.all(await this.db.rows(query, NO_PARAMS));
  }

  constructor(db: SqlExecutor, now: () => Date) {
    super(db, OFFERS, now);
  }
}

export class SqlArticleRepository extends SqlCrudRepository<Article> implements ArticleRepository {
  async listVisible(): Promise<Article[]> {
    const query = visibleOf(this.db.dialect, ARTICLES as EntitySpec<Offer | Article>);
    return this.q.decoder.all(await this.db.rows(query, NO_PARAMS));
  }

  constructor(db: SqlExecutor, now: () => Date) {
    super(db, ARTICLES, now);
  }
}

const promoQueries = perDialect((dialect, spec: EntitySpec<PromoCode>) => {
  const q = queriesOf(dialect, spec);
  return {
    byCode: q.select((query, slot) => query.where('code_key', '=', slot('code'))),
    // One conditional update: two customers can never both take the last use.
    redeem: q.prepareWith((db, slot) =>
      db
        .updateTable(spec.table)
        .set({ uses: sql`uses + 1`, updated_at: slot('now') })
        .where('id', '=', slot('id'))
        .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
        .returning(q.columns),
    ),
  };
});

export class SqlPromoCodeRepository extends SqlCrudRepository<PromoCode> implements PromoCodeRepository {
  readonly #queries;

  constructor(db: SqlExecutor, now: () => Date) {
    super(db, PROMO_CODES, now);
    this.#queries = promoQueries(db.dialect, PROMO_CODES);
  }

  async getByCode(code: string): Promise<PromoCode | null> {
    return this.q.decoder.first(await this.db.rows(this.#queries.byCode, { code: code.toLowerCase() }));
  }

  async redeem(id: string, now: string): Promise<PromoCode | null> {
    return this.q.decoder.first(await this.db.rows(this.#queries.redeem, { id, now }));
  }
}
