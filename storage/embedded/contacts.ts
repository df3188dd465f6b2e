import type { Statement } from 'better-sqlite3';
import type { ChannelIdentity, ChannelName, Contact } from '../../core/types.js';
import type { ContactRepository, Page, PageQuery } from '../types.js';
import { writing } from './conflicts.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type RowsStatement } from './entity-table.js';
import { pageBounds } from './paging.js';
import { foldForSearch } from './search-text.js';

type ContactFilter = { query: string | null; tag: string | null };

interface IdentityRow {
  channel: ChannelName;
  external_id: string;
  contact_id: string;
  created_at: string;
}

/** Null query or tag means "no filter"; the query is matched against the folded search text. */
const FILTER = `(@query IS NULL OR instr(search_text, @query) > 0)
  AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(contacts.tags) WHERE value = @tag))`;

/** Name, email and phone, folded; a newline keeps a match from spanning two fields. */
function searchText(contact: Contact): string {
  return foldForSearch([contact.name, contact.email ?? '', contact.phone ?? ''].join('\n'));
}

export class SqliteContactRepository implements ContactRepository {
  readonly #table: EntityTable<Contact>;
  readonly #byIdentity: RowsStatement<[string, string]>;
  readonly #addIdentity: Statement<[string, string, string, string]>;
  readonly #identities: Statement<[string]>;
  readonly #page: RowsStatement<[ContactFilter & { limit: number; offset: number }]>;
  readonly #count: Statement<[ContactFilter]>;

  constructor(
    db: SqliteDatabase,
    private readonly now: () => Date,
  ) {
    this.#table = new EntityTable<Contact>(db, {
      table: 'contacts',
      columns: {
        id: ['id'],
        name: ['name'],
        email: ['email'],
        phone: ['phone'],
        tags: ['tags', 'json'],
        createdAt: ['created_at'],
        updatedAt: ['updated_at'],
      },
      derived: { search_text: searchText },
    });
    this.#byIdentity = this.#table.select(
      'WHERE id = (SELECT contact_id FROM channel_identities WHERE channel = ? AND external_id = ?)',
    );
    this.#addIdentity = db.prepare(
      'INSERT INTO channel_identities (channel, external_id, contact_id, created_at) VALUES (?, ?, ?, ?)',
    );
    this.#identities = db.prepare(
      'SELECT * FROM channel_identities WHERE contact_id = ? ORDER BY created_at, channel, external_id',
    );
    this.#page = this.#table.select(
      `WHERE ${FILTER} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    );
    this.#count = db.prepare(`SELECT count(*) FROM contacts WHERE ${FILTER}`).pluck();
  }

  async create(contact: Contact): Promise<Contact> {
    return this.#table.insert(contact);
  }

  async get(id: string): Promise<Contact | null> {
    return this.#table.find(id);
  }

  async update(id: string, patch: Partial<Omit<Contact, 'id' | 'createdAt'>>): Promise<Contact | null> {
    return this.#table.patch(id, patch, this.now().toISOString());
  }

  /** Newest first; `query` matches name, email or phone ignoring case and accents. */
  async list(query: PageQuery & { query?: string; tag?: string }): Promise<Page<Contact>> {
    const folded = query.query ? foldForSearch(query.query.trim()) : '';
    const filter: ContactFilter = { query: folded || null, tag: query.tag ?? null };
    return {
      items: this.#table.fromRows(this.#page.all({ ...filter, ...pageBounds(query) })),
      total: this.#count.get(filter) as number,
    };
  }

  async findByIdentity(channel: ChannelName, externalId: string): Promise<Contact | null> {
    return this.#table.first(this.#byIdentity.get(channel, externalId));
  }

  async addIdentity(identity: ChannelIdentity): Promise<void> {
    const { channel, externalId, contactId, createdAt } = identity;
    writing(() => this.#addIdentity.run(channel, externalId, contactId, createdAt));
  }

  async listIdentities(contactId: string): Promise<ChannelIdentity[]> {
    const rows = this.#identities.all(contactId) as IdentityRow[];
    return rows.map((row) => ({
      channel: row.channel,
      externalId: row.external_id,
      contactId: row.contact_id,
      createdAt: row.created_at,
    }));
  }
}
