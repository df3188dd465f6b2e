import { type RawBuilder, sql } from 'kysely';
import { emailKey } from '../../core/contact-data.js';
import type { ChannelIdentity, ChannelName, Contact } from '../../core/types.js';
import type { ContactRepository, Page, PageQuery } from '../types.js';
import { mergeContacts } from './contact-merge.js';
import { patchEntity, queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import type { SqlExecutor } from './executor.js';
import { pageParams } from './paging.js';
import { perDialect, prepare, prepareRaw, type SlotFn } from './prepared-query.js';
import { foldForSearch } from './search-text.js';

/**
 * A filtered page first looks at this many of the newest contacts for each row it needs (1,000 for
 * the first page of 50): a filter matching at least one contact in twenty fills its page there.
 */
const WALK_PER_ROW = 20;
/** …but not many more than this in all (a far page of a rare match would read most contacts twice). */
const WALK_MOST = 20_000;

/** Name, email and phone, folded; a newline keeps a match from spanning two fields. */
function searchText(contact: Contact): string {
  return foldForSearch([contact.name, contact.email ?? '', contact.phone ?? ''].join('\n'));
}

export const CONTACTS: EntitySpec<Contact> = {
  table: 'contacts',
  columns: {
    id: ['id'],
    name: ['name'],
    email: ['email'],
    emailVerified: ['email_verified', 'bool'],
    phone: ['phone'],
    phoneVerified: ['phone_verified', 'bool'],
    tags: ['tags', 'json'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
  derived: { search_text: { from: ['name', 'email', 'phone'], derive: searchText } },
};

const queries = perDialect((dialect, spec: EntitySpec<Contact>) => {
  const q = queriesOf(dialect, spec);
  const f = dialect.fragments;
  // A NULL query or tag means "no filter"; the query is matched against the folded search text.
  const anyFilter = (slot: SlotFn, table: string) =>
    sql<boolean>`(${f.text(slot('query'))} IS NULL OR ${f.contains(sql.ref(`${table}.search_text`), slot('query'))})
      AND (${f.text(slot('tag'))} IS NULL OR ${f.jsonArrayHas(sql.ref(`${table}.tags`), slot('tag'))})`;
  const filtered = <Q extends { where: (expression: never) => Q }>(query: Q, slot: SlotFn) =>
    query.where(anyFilter(slot, 'contacts') as never);
  const matchesFirst = (condition: (slot: SlotFn) => RawBuilder<unknown>) =>
    prepareRaw(
      dialect,
      (
        slot,
      ) => sql`WITH matched AS MATERIALIZED (SELECT id, created_at FROM contacts WHERE ${condition(slot)}),
        page AS MATERIALIZED (SELECT id, created_at FROM matched ORDER BY created_at DESC, id DESC
          LIMIT ${slot('limit')} OFFSET ${slot('offset')})
        SELECT ${sql.join(q.columns.map((column) => sql.ref(`c.${column}`)))}, (SELECT count(*) FROM matched) AS total
        FROM page JOIN contacts c ON c.id = page.id ORDER BY page.created_at DESC, page.id DESC`,
      { returnsRows: true },
    );
  return {
    many: q.select((query, slot) => query.where(sql<boolean>`id IN ${f.jsonList(slot('ids'))}` as never)),
    byIdentity: q.select((query, slot) =>
      query.where(
        'id',
        '=',
        dialect.builder
          .selectFrom('channel_identities')
          .select('contact_id')
          .where('channel', '=', slot('channel'))
          .where('external_id', '=', slot('externalId')),
      ),
    ),
    page: q.select((query, slot) =>
      filtered(query, slot)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(slot('limit'))
        .offset(slot('offset')),
    ),
    /**
     * A filtered page (a search, a tag, or both) that `newestMatches` did not fill, with its total
     * in a last column: the matching contacts found first (on PostgreSQL the trigram index for a
     * search, when it pays), only their id and creation time kept, counted and sorted, and the
     * page's rows read by id. Read in creation order and filtered instead, a filter whose matches
     * are all old read nearly every contact: `client 12` at 100,000 contacts, 47-80 ms on
     * PostgreSQL; this way 6-25 ms (docs/DECISIONS.md, "Growth on PostgreSQL, the misses mended").
     * A search and a tag alone have a statement each, so neither carries the other's "is it there"
     * test; a search's tag only filters its matches.
     */
    searchPage: matchesFirst(
      (slot) => sql`${f.contains(sql.ref('search_text'), slot('query'))}
        AND (${f.text(slot('tag'))} IS NULL OR ${f.jsonArrayHas(sql.ref('contacts.tags'), slot('tag'))})`,
    ),
    tagPage: matchesFirst((slot) => sql`${f.jsonArrayHas(sql.ref('contacts.tags'), slot('tag'))}`),
    /**
     * The first `want` matches among the newest `walk` contacts, newest first (a search, a tag, or
     * both; NULL: no filter). When it finds `want` of them they are the `want` newest matches of all:
     * every contact it did not look at is older than every one it did.
     */
    newestMatches: prepareRaw(
      dialect,
      (slot) => sql`SELECT ${sql.join(q.columns.map((column) => sql.ref(`c.${column}`)))}
        FROM (SELECT ${sql.join([...q.columns, 'search_text'].map((column) => sql.ref(column)))} FROM contacts
          ORDER BY created_at DESC, id DESC LIMIT ${slot('walk')}) c
        WHERE ${anyFilter(slot, 'c')}
        ORDER BY c.created_at DESC, c.id DESC LIMIT ${slot('want')}`,
      { returnsRows: true },
    ),
    count: prepare(dialect, (db, slot) =>
      filtered(
        db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')),
        slot,
      ),
    ),
    // Each lookup uses its index (contacts_phone, contacts_email on lower(email)).
    byPhones: q.select((query, slot) =>
      query.where(sql<boolean>`phone IN ${f.jsonList(slot('phones'))}` as never).limit(slot('limit')),
    ),
    byEmails: q.select((query, slot) =>
      query.where(sql<boolean>`lower(email) IN ${f.jsonList(slot('emails'))}` as never).limit(slot('limit')),
    ),
    addIdentity: prepare(dialect, (db, slot) =>
      db.insertInto('channel_identities').values({
        channel: slot('channel'),
        external_id: slot('externalId'),
        contact_id: slot('contactId'),
        created_at: slot('createdAt'),
      }),
    ),
    identities: prepare(dialect, (db, slot) =>
      db
        .selectFrom('channel_identities')
        .select(['channel', 'external_id', 'contact_id', 'created_at'])
        .where('contact_id', '=', slot('contactId'))
        .orderBy('created_at')
        .orderBy('channel')
        .orderBy('external_id'),
    ),
  };
});

export class SqlContactRepository implements ContactRepository {
  readonly #table;
  readonly #q;

  constructor(
    private readonly db: SqlExecutor,
    private readonly now: () => Date,
  ) {
    this.#table = queriesOf(db.dialect, CONTACTS);
    this.#q = queries(db.dialect, CONTACTS);
  }

  merge(targetId: string, sourceIds: string[], now: string): Promise<Contact | null> {
    return mergeContacts(this.db, CONTACTS, targetId, sourceIds, now);
  }

  async create(contact: Contact): Promise<Contact> {
    await this.db.run(this.#table.insert, this.#table.params(contact));
    return contact;
  }

  async get(id: string): Promise<Contact | null> {
    return this.#table.decoder.first(await this.db.rows(this.#table.byId, { id }));
  }

  async getMany(ids: readonly string[]): Promise<Contact[]> {
    if (ids.length === 0) return [];
    return this.#table.decoder.all(await this.db.rows(this.#q.many, { ids: JSON.stringify(ids) }));
  }

  update(id: string, patch: Partial<Omit<Contact, 'id' | 'createdAt'>>): Promise<Contact | null> {
    return patchEntity(this.db, this.#table, id, patch, this.now);
  }

  /** Newest first; `query` matches name, email or phone ignoring case and accents. */
  async list(query: PageQuery & { query?: string; tag?: string }): Promise<Page<Contact>> {
    const folded = query.query ? foldForSearch(query.query.trim()) : '';
    const filter = { query: folded || null, tag: query.tag ?? null };
    const page = { ...filter, ...pageParams(this.db.dialect, query) };
    if (filter.query !== null || filter.tag !== null) {
      // A filter most contacts match ("a", a tag on most of them) finds its page among the newest
      // contacts at once, and only its count reads them all; found first instead, 100,000 matches
      // were collected and sorted for 50 rows (90-120 ms on PostgreSQL). A filter that matches fewer
      // than one contact in WALK_PER_ROW looks no further and is found by its matches.
      if (query.limit !== undefined) {
        const want = page.offset + query.limit;
        const newest = await this.db.rows(this.#q.newestMatches, {
          ...filter,
          want,
          walk: Math.max(want, Math.min(want * WALK_PER_ROW, WALK_MOST)),
        });
        if (newest.length === want) {
          // Counted on its own, as the unfiltered list's total is.
          const [[count]] = (await this.db.rows(this.#q.count, filter)) as [[unknown]];
          return { items: this.#table.decoder.all(newest.slice(page.offset)), total: Number(count) };
        }
      }
      const rows = await this.db.rows(filter.query !== null ? this.#q.searchPage : this.#q.tagPage, page);
      // No row (a page past the end): the total is counted on its own.
      const total = rows.length > 0 ? rows[0]!.at(-1) : (await this.db.rows(this.#q.count, filter))[0]![0];
      return { items: this.#table.decoder.all(rows), total: Number(total) };
    }
    // Both issued before either is awaited: on SQLite they run back to back, no unit between them.
    const [rows, [count]] = await Promise.all([
      this.db.rows(this.#q.page, page),
      this.db.rows(this.#q.count, filter),
    ]);
    return { items: this.#table.decoder.all(rows), total: Number(count![0]) };
  }

  async listSharingContactData(query: {
    phones: readonly string[];
    emails: readonly string[];
    limit: number;
  }): Promise<Contact[]> {
    const found = new Map<string, Contact>();
    const add = (rows: unknown[][]) => {
      for (const contact of this.#table.decoder.all(rows))
        if (found.size < query.limit) found.set(contact.id, contact);
    };
    const [byPhone, byEmail] = await Promise.all([
      this.db.rows(this.#q.byPhones, { phones: JSON.stringify(query.phones), limit: query.limit }),
      this.db.rows(this.#q.byEmails, {
        emails: JSON.stringify(query.emails.map(emailKey)),
        limit: query.limit,
      }),
    ]);
    add(byPhone);
    add(byEmail);
    return [...found.values()];
  }

  async findByIdentity(channel: ChannelName, externalId: string): Promise<Contact | null> {
    return this.#table.decoder.first(await this.db.rows(this.#q.byIdentity, { channel, externalId }));
  }

  async addIdentity(identity: ChannelIdentity): Promise<void> {
    await this.db.run(this.#q.addIdentity, { ...identity });
  }

  async listIdentities(contactId: string): Promise<ChannelIdentity[]> {
    const rows = await this.db.rows(this.#q.identities, { contactId });
    return rows.map(([channel, externalId, id, createdAt]) => ({
      channel: channel as ChannelName,
      externalId: externalId as string,
      contactId: id as string,
      createdAt: createdAt as string,
    }));
  }
}
