import { sql } from 'kysely';
import type { Pack, PackCredit, PackCreditStatus } from '../../core/payments/types.js';
import type { PackRepository } from '../types.js';
import { queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import type { SqlExecutor } from './executor.js';
import { perDialect } from './prepared-query.js';

const PACKS: EntitySpec<Pack> = {
  table: 'packs',
  columns: {
    id: ['id'],
    name: ['name'],
    sessions: ['sessions'],
    price: ['price', 'json'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
};

const CREDITS: EntitySpec<PackCredit> = {
  table: 'pack_credits',
  columns: {
    id: ['id'],
    packId: ['pack_id'],
    contactId: ['contact_id'],
    name: ['name'],
    sessions: ['sessions'],
    remaining: ['remaining'],
    status: ['status'],
    checkoutId: ['checkout_id'],
    paymentUrl: ['payment_url'],
    conversationId: ['conversation_id'],
    createdAt: ['created_at'],
    paidAt: ['paid_at'],
  },
};

/** What each move writes besides the status. */
const MOVES: Record<Exclude<PackCreditStatus, 'pending'>, (at: unknown) => Record<string, unknown>> = {
  active: (at) => ({ paid_at: at }),
  expired: () => ({}),
  refunded: () => ({ remaining: 0 }),
};

const creditQueries = perDialect((dialect, spec: EntitySpec<PackCredit>) => {
  const q = queriesOf(dialect, spec);
  const move = (to: keyof typeof MOVES) =>
    q.prepareWith((db, slot) =>
      db
        .updateTable('pack_credits')
        .set({ status: to, ...MOVES[to](slot('at')) })
        .where('checkout_id', '=', slot('checkout'))
        .where(sql<boolean>`status IN ${dialect.fragments.jsonList(slot('from'))}` as never)
        .returning(q.columns),
    );
  return {
    byCheckout: q.select((query, slot) => query.where('checkout_id', '=', slot('checkout'))),
    ofContact: q.select((query, slot) =>
      query.where('contact_id', '=', slot('contact')).orderBy('created_at', 'desc').orderBy('id', 'desc'),
    ),
    setCheckout: q.prepareWith((db, slot) =>
      db
        .updateTable('pack_credits')
        .set({ checkout_id: slot('checkout'), payment_url: slot('url') })
        .where('id', '=', slot('id')),
    ),
    moves: { active: move('active'), expired: move('expired'), refunded: move('refunded') },
    // The oldest paid credit with a session left is used first.
    candidate: q.prepareWith((db, slot) =>
      db
        .selectFrom('pack_credits')
        .select('id')
        .where('contact_id', '=', slot('contact'))
        .where('status', '=', 'active')
        .where('remaining', '>', 0)
        .orderBy('created_at')
        .orderBy('id')
        .limit(1),
    ),
    // Compare-and-set: a credit another booking emptied meanwhile is not taken below 0.
    take: q.prepareWith((db, slot) =>
      db
        .updateTable('pack_credits')
        .set({ remaining: sql`remaining - 1` })
        .where('id', '=', slot('id'))
        .where('status', '=', 'active')
        .where('remaining', '>', 0),
    ),
    giveBack: q.prepareWith((db, slot) =>
      db
        .updateTable('pack_credits')
        .set({ remaining: sql`remaining + 1` })
        .where('id', '=', slot('id'))
        .where('status', '=', 'active'),
    ),
    useOf: q.prepareWith((db, slot) =>
      db.selectFrom('pack_uses').select('credit_id').where('booking_id', '=', slot('booking')),
    ),
    addUse: q.prepareWith((db, slot) =>
      db.insertInto('pack_uses').values({ booking_id: slot('booking'), credit_id: slot('credit') }),
    ),
    dropUse: q.prepareWith((db, slot) =>
      db.deleteFrom('pack_uses').where('booking_id', '=', slot('booking')).returning('credit_id'),
    ),
  };
});

/** How many credits a consume tries when others empty them under it. */
const TAKE_TRIES = 5;

export class SqlPackRepository implements PackRepository {
  readonly #packs;
  readonly #credits;
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#packs = queriesOf(db.dialect, PACKS);
    this.#credits = queriesOf(db.dialect, CREDITS);
    this.#q = creditQueries(db.dialect, CREDITS);
  }

  async create(pack: Pack): Promise<Pack> {
    await this.db.run(this.#packs.insert, this.#packs.params(pack));
    return pack;
  }

  async get(id: string): Promise<Pack | null> {
    return this.#packs.decoder.first(await this.db.rows(this.#packs.byId, { id }));
  }

  async list(): Promise<Pack[]> {
    return this.#packs.decoder.all(await this.db.rows(this.#packs.list));
  }

  async createCredit(credit: PackCredit): Promise<PackCredit> {
    await this.db.run(this.#credits.insert, this.#credits.params(credit));
    return credit;
  }

  async getCredit(id: string): Promise<PackCredit | null> {
    return this.#credits.decoder.first(await this.db.rows(this.#credits.byId, { id }));
  }

  async creditByCheckout(checkoutId: string): Promise<PackCredit | null> {
    return this.#credits.decoder.first(await this.db.rows(this.#q.byCheckout, { checkout: checkoutId }));
  }

  async setCheckout(creditId: string, checkoutId: string, paymentUrl: string): Promise<void> {
    await this.db.run(this.#q.setCheckout, { id: creditId, checkout: checkoutId, url: paymentUrl });
  }

  async moveCredit(
    checkoutId: string,
    from: readonly PackCreditStatus[],
    to: PackCreditStatus,
    at: string,
  ): Promise<PackCredit | null> {
    if (to === 'pending') throw new Error('a credit never moves back to pending');
    const rows = await this.db.rows(this.#q.moves[to], {
      checkout: checkoutId,
      from: JSON.stringify(from),
      at,
    });
    return this.#credits.decoder.first(rows);
  }

  async creditsOf(contactId: string): Promise<PackCredit[]> {
    return this.#credits.decoder.all(await this.db.rows(this.#q.ofContact, { contact: contactId }));
  }

  consume(contactId: string, bookingId: string): Promise<boolean> {
    return this.db.atomic(async (db) => {
      if ((await db.rows(this.#q.useOf, { booking: bookingId })).length > 0) return true;
      for (let i = 0; i < TAKE_TRIES; i++) {
        const [candidate] = await db.rows(this.#q.candidate, { contact: contactId });
        if (!candidate) return false;
        const credit = candidate[0] as string;
        if ((await db.run(this.#q.take, { id: credit })) === 1) {
          await db.run(this.#q.addUse, { booking: bookingId, credit });
          return true;
        }
      }
      return false;
    });
  }

  restore(bookingId: string): Promise<boolean> {
    return this.db.atomic(async (db) => {
      const [use] = await db.rows(this.#q.dropUse, { booking: bookingId });
      if (!use) return false;
      await db.run(this.#q.giveBack, { id: use[0] as string });
      return true;
    });
  }
}
