import type { RawBuilder } from 'kysely';
import type { Params, PreparedQuery, SlotFn } from './prepared-query.js';

/**
 * How a backend stores a message once per dedupe key (its dialect part): SQLite's one writer checks a
 * hash index and the key in one INSERT … WHERE NOT EXISTS; PostgreSQL's writers meet on a unique index.
 */
export interface MessageDedupe {
  /** Inserts the message (MESSAGE_SLOTS) unless the key is stored; changes 0 when it is. */
  readonly insertUnlessDuplicate: PreparedQuery;
  /**
   * `insertUnlessDuplicate` and, when it inserts, the conversation's inbox activity
   * (`inboxActivityParams`) in one statement returning one row: how many messages it inserted (a
   * writable CTE, PostgreSQL). null: the two run one after the other (SQLite, in process).
   */
  readonly insertMovingUnlessDuplicate: PreparedQuery | null;
  /**
   * `insertUnlessDuplicate` as an `INSERT … SELECT … FROM source` (the message written only if
   * `source` has a row), for a writable CTE (PostgreSQL); null where there is none.
   */
  readonly insertFrom: ((slot: SlotFn, source: RawBuilder<unknown>) => RawBuilder<unknown>) | null;
  /** MESSAGE_COLUMNS of the message stored with the key. */
  readonly byKey: PreparedQuery;
  /** The key's parameters for both. */
  params(key: string): Params;
}
