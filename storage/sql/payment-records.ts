import type { PaymentLink, PaymentRecordRepository } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepare } from './prepared-query.js';

const RECORDS = { table: 'payment_events' };

const queries = perDialect((dialect, _key: typeof RECORDS) => ({
  // The event id's unique key decides which delivery applies it, whatever arrives at once.
  recordEvent: prepare(
    dialect,
    (db, slot) =>
      db
        .insertInto('payment_events')
        .values({ event_id: slot('id'), type: slot('type'), received_at: slot('at') })
        .onConflict((conflict) => conflict.column('event_id').doNothing()),
    { mayConflict: false },
  ),
  forgetEvent: prepare(dialect, (db, slot) =>
    db.deleteFrom('payment_events').where('event_id', '=', slot('id')),
  ),
  linkPayment: prepare(
    dialect,
    (db, slot) =>
      db
        .insertInto('payment_links')
        .values({
          payment_id: slot('payment'),
          checkout_id: slot('checkout'),
          purpose: slot('purpose'),
          created_at: slot('at'),
        })
        .onConflict((conflict) => conflict.column('payment_id').doNothing()),
    { mayConflict: false },
  ),
  paymentLink: prepare(dialect, (db, slot) =>
    db
      .selectFrom('payment_links')
      .select(['payment_id', 'checkout_id', 'purpose'])
      .where('payment_id', '=', slot('payment')),
  ),
}));

export class SqlPaymentRecordRepository implements PaymentRecordRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = queries(db.dialect, RECORDS);
  }

  async recordEvent(eventId: string, type: string, at: string): Promise<boolean> {
    return (await this.db.run(this.#q.recordEvent, { id: eventId, type, at })) === 1;
  }

  async forgetEvent(eventId: string): Promise<void> {
    await this.db.run(this.#q.forgetEvent, { id: eventId });
  }

  async linkPayment(link: PaymentLink, at: string): Promise<void> {
    await this.db.run(this.#q.linkPayment, {
      payment: link.paymentId,
      checkout: link.checkoutId,
      purpose: link.purpose,
      at,
    });
  }

  async paymentLink(paymentId: string): Promise<PaymentLink | null> {
    const [row] = await this.db.rows(this.#q.paymentLink, { payment: paymentId });
    if (!row) return null;
    const [id, checkoutId, purpose] = row as [string, string, PaymentLink['purpose']];
    return { paymentId: id, checkoutId, purpose };
  }
}
