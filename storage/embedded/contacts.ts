import type { Statement } from 'better-sqlite3';
import { emailKey, mergeContactData } from '../../core/contact-data.js';
import { retitled } from '../../core/conversations.js';
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
  readonly #merge: (targetId: string, sourceIds: string[], now: string) => Contact | null;

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
        emailVerified: ['email_verified', 'bool'],
        phone: ['phone'],
        phoneVerified: ['phone_verified', 'bool'],
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
    this.#merge = mergeStatements(db, this.#table);
  }

  async merge(targetId: string, sourceIds: string[], now: string): Promise<Contact | null> {
    return this.#merge(targetId, sourceIds, now);
  }

  async create(contact: Contact): Promise<Contact> {
    return this.#table.insert(contact);
  }

  async get(id: string): Promise<Contact | null> {
    return this.#table.find(id);
  }

  async getMany(ids: readonly string[]): Promise<Contact[]> {
    return this.#table.selectIn((marks) => `WHERE id IN (${marks})`, [], ids);
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

  async listSharingContactData(query: {
    phones: readonly string[];
    emails: readonly string[];
    limit: number;
  }): Promise<Contact[]> {
    const found = new Map<string, Contact>();
    const add = (contacts: Contact[]) => {
      for (const contact of contacts) if (found.size < query.limit) found.set(contact.id, contact);
    };
    // Each lookup uses its index (contacts_phone, contacts_email on lower(email)).
    add(
      this.#table.selectIn((marks) => `WHERE phone IN (${marks}) LIMIT ?`, [], query.phones, [query.limit]),
    );
    const emails = query.emails.map(emailKey);
    add(
      this.#table.selectIn((marks) => `WHERE lower(email) IN (${marks}) LIMIT ?`, [], emails, [query.limit]),
    );
    return [...found.values()];
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

/**
 * One transaction folding the source contacts into the target. Every table that names a contact is
 * rewritten; a membership both had keeps the furthest read marker; a consent both had keeps the
 * opt-out (never message someone who said STOP on one of their duplicates).
 */
function mergeStatements(db: SqliteDatabase, table: EntityTable<Contact>) {
  const SOURCES = '(SELECT value FROM json_each(@sources))';
  const titled = db.prepare<[string], { id: string; title: string }>(
    `SELECT id, title FROM conversations WHERE contact_id = ? AND kind = 'assistant'`,
  );
  const retitle = db.prepare<[string, string]>('UPDATE conversations SET title = ? WHERE id = ?');
  const steps = [
    `UPDATE channel_identities SET contact_id = @target WHERE contact_id IN ${SOURCES}`,
    `UPDATE conversations SET contact_id = @target WHERE contact_id IN ${SOURCES}`,
    `INSERT INTO conversation_members (conversation_id, contact_id, last_read_message_id, joined_at)
       SELECT conversation_id, @target, max(last_read_message_id), min(joined_at) FROM conversation_members
       WHERE contact_id IN ${SOURCES} GROUP BY conversation_id
     ON CONFLICT (conversation_id, contact_id) DO UPDATE SET
       last_read_message_id = max(coalesce(last_read_message_id, ''), coalesce(excluded.last_read_message_id, '')),
       joined_at = min(joined_at, excluded.joined_at)`,
    `UPDATE conversation_members SET last_read_message_id = NULL
       WHERE contact_id = @target AND last_read_message_id = ''`,
    `DELETE FROM conversation_members WHERE contact_id IN ${SOURCES}`,
    `UPDATE messages SET sender_id = @target WHERE sender_type = 'contact' AND sender_id IN ${SOURCES}`,
    `INSERT INTO consents (contact_id, channel, opted_out, updated_at)
       SELECT @target, channel, max(opted_out), max(updated_at) FROM consents
       WHERE contact_id IN ${SOURCES} GROUP BY channel
     ON CONFLICT (contact_id, channel) DO UPDATE SET
       opted_out = max(opted_out, excluded.opted_out), updated_at = max(updated_at, excluded.updated_at)`,
    `DELETE FROM consents WHERE contact_id IN ${SOURCES}`,
    `DELETE FROM contacts WHERE id IN ${SOURCES}`,
  ].map((sql) => db.prepare(sql));
  return db.transaction((targetId: string, sourceIds: string[], now: string): Contact | null => {
    const target = table.find(targetId);
    const sources = sourceIds.filter((id) => id !== targetId).map((id) => table.find(id));
    if (!target || sources.some((source) => source === null)) return null;
    const merged = sources as Contact[];
    const params = { target: targetId, sources: JSON.stringify(merged.map((source) => source.id)) };
    // Their conversations are now the kept contact's: their titles say so (before they move).
    for (const source of merged) {
      for (const row of titled.all(source.id)) {
        const title = retitled(row.title, source.name, target.name);
        if (title !== row.title) retitle.run(title, row.id);
      }
    }
    for (const step of steps) step.run(params);
    return table.patch(
      targetId,
      {
        tags: [...new Set([target, ...merged].flatMap((contact) => contact.tags))],
        ...mergeContactData([target, ...merged]),
        updatedAt: now,
      },
      now,
    );
  });
}
