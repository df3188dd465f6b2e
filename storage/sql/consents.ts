import type { ChannelName, Consent } from '../../core/types.js';
import type { ConsentRepository } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepare } from './prepared-query.js';

const CONSENTS = { table: 'consents' };

const queries = perDialect((dialect, _key: typeof CONSENTS) => ({
  // Upsert in one statement: the last STOP or START wins, nothing is duplicated.
  set: prepare(
    dialect,
    (db, slot) =>
      db
        .insertInto('consents')
        .values({
          contact_id: slot('contact'),
          channel: slot('channel'),
          opted_out: slot('optedOut'),
          updated_at: slot('at'),
        })
        .onConflict((conflict) =>
          conflict.columns(['contact_id', 'channel']).doUpdateSet((eb) => ({
            opted_out: eb.ref('excluded.opted_out'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    { mayConflict: false },
  ),
  get: prepare(dialect, (db, slot) =>
    db
      .selectFrom('consents')
      .select(['contact_id', 'channel', 'opted_out', 'updated_at'])
      .where('contact_id', '=', slot('contact'))
      .where('channel', '=', slot('channel')),
  ),
  optedOut: prepare(dialect, (db, slot) =>
    db
      .selectFrom('consents')
      .select('contact_id')
      .where('channel', '=', slot('channel'))
      .where('opted_out', '=', dialect.encodeBool(true))
      .orderBy('contact_id'),
  ),
}));

export class SqlConsentRepository implements ConsentRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = queries(db.dialect, CONSENTS);
  }

  async set(consent: Consent): Promise<void> {
    await this.db.run(this.#q.set, {
      contact: consent.contactId,
      channel: consent.channel,
      optedOut: this.db.dialect.encodeBool(consent.optedOut),
      at: consent.updatedAt,
    });
  }

  async get(contactId: string, channel: ChannelName): Promise<Consent | null> {
    const [row] = await this.db.rows(this.#q.get, { contact: contactId, channel });
    if (!row) return null;
    const [id, rowChannel, optedOut, updatedAt] = row as [string, ChannelName, unknown, string];
    return { contactId: id, channel: rowChannel, optedOut: this.db.dialect.decodeBool(optedOut), updatedAt };
  }

  async listOptedOut(channel: ChannelName): Promise<string[]> {
    return (await this.db.rows(this.#q.optedOut, { channel })).map((row) => row[0] as string);
  }
}
