import type { Article, Offer, PromoCode } from '../../core/types.js';
import type { ArticleRepository, OfferRepository, PromoCodeRepository } from '../types.js';
import { SqliteCrudRepository } from './crud.js';
import type { SqliteDatabase } from './database.js';
import type { RowsStatement } from './entity-table.js';

export class SqliteOfferRepository extends SqliteCrudRepository<Offer> implements OfferRepository {
  readonly #visible: RowsStatement<[]>;

  constructor(db: SqliteDatabase, now: () => Date) {
    super(
      db,
      {
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
      },
      now,
    );
    this.#visible = this.table.select('WHERE visible = 1 ORDER BY id');
  }

  async listVisible(): Promise<Offer[]> {
    return this.table.fromRows(this.#visible.all());
  }
}

export class SqliteArticleRepository extends SqliteCrudRepository<Article> implements ArticleRepository {
  readonly #visible: RowsStatement<[]>;

  constructor(db: SqliteDatabase, now: () => Date) {
    super(
      db,
      {
        table: 'articles',
        columns: {
          id: ['id'],
          title: ['title'],
          body: ['body'],
          visible: ['visible', 'bool'],
          createdAt: ['created_at'],
          updatedAt: ['updated_at'],
        },
      },
      now,
    );
    this.#visible = this.table.select('WHERE visible = 1 ORDER BY id');
  }

  async listVisible(): Promise<Article[]> {
    return this.table.fromRows(this.#visible.all());
  }
}

export class SqlitePromoCodeRepository
  extends SqliteCrudRepository<PromoCode>
  implements PromoCodeRepository
{
  readonly #byCode: RowsStatement<[string]>;
  readonly #redeem: RowsStatement<[string, string]>;

  constructor(db: SqliteDatabase, now: () => Date) {
    super(
      db,
      {
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
        derived: { code_key: (promo) => promo.code.toLowerCase() },
      },
      now,
    );
    this.#byCode = this.table.select('WHERE code_key = ?');
    this.#redeem = this.table.prepareRows(
      `UPDATE promo_codes SET uses = uses + 1, updated_at = ?
       WHERE id = ? AND (max_uses IS NULL OR uses < max_uses) RETURNING ${this.table.columnList}`,
    );
  }

  async getByCode(code: string): Promise<PromoCode | null> {
    return this.table.first(this.#byCode.get(code.toLowerCase()));
  }

  async redeem(id: string, now: string): Promise<PromoCode | null> {
    return this.table.first(this.#redeem.get(now, id));
  }
}
