import type { Statement } from 'better-sqlite3';
import type { ChannelName, Consent } from '../../core/types.js';
import type { ConsentRepository } from '../types.js';
import type { SqliteDatabase } from './database.js';

type ConsentRow = [contactId: string, channel: string, optedOut: number, updatedAt: string];

export class SqliteConsentRepository implements ConsentRepository {
  readonly #set: Statement<[string, string, number, string]>;
  readonly #get: Statement<[string, string]>;
  readonly #optedOut: Statement<[string]>;

  constructor(db: SqliteDatabase) {
    // Upsert in one statement: the last STOP or START wins, nothing is duplicated.
    this.#set = db.prepare(
      `INSERT INTO consents (contact_id, channel, opted_out, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (contact_id, channel) DO UPDATE SET
         opted_out = excluded.opted_out, updated_at = excluded.updated_at`,
    );
    this.#get = db
      .prepare(
        'SELECT contact_id, channel, opted_out, updated_at FROM consents WHERE contact_id = ? AND channel = ?',
      )
      .raw(true);
    this.#optedOut = db
      .prepare('SELECT contact_id FROM consents WHERE channel = ? AND opted_out = 1 ORDER BY contact_id')
      .pluck(true);
  }

  async set(consent: Consent): Promise<void> {
    this.#set.run(consent.contactId, consent.channel, consent.optedOut ? 1 : 0, consent.updatedAt);
  }

  async get(contactId: string, channel: ChannelName): Promise<Consent | null> {
    const row = this.#get.get(contactId, channel) as ConsentRow | undefined;
    if (!row) return null;
    const [id, rowChannel, optedOut, updatedAt] = row;
    return { contactId: id, channel: rowChannel as ChannelName, optedOut: optedOut === 1, updatedAt };
  }

  async listOptedOut(channel: ChannelName): Promise<string[]> {
    return this.#optedOut.all(channel) as string[];
  }
}
