import { ConflictError } from '../../core/errors.js';

/** What to call a row of each table in an error message. */
const ENTITY_LABELS: Record<string, string> = {
  contacts: 'contact',
  channel_identities: 'channel identity',
  conversations: 'conversation',
  conversation_members: 'conversation member',
  messages: 'message',
  links: 'link',
  offers: 'offer',
  articles: 'article',
  promo_codes: 'promo code',
  tracked_links: 'tracked link',
  outbox: 'outbox entry',
  admin_users: 'admin user',
  admin_sessions: 'session',
  audit_log: 'audit entry',
};

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** `code_key` -> `code`, `external_id` -> `externalId`: the entity field a column stands for. */
function fieldOf(column: string): string {
  return column.replace(/_key$/, '').replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Turns a SQLite unique violation into a ConflictError naming the field; other errors pass through. */
function toConflict(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !UNIQUE_CODES.has(code)) return error;
  // SQLite names the columns as "UNIQUE constraint failed: table.col1, table.col2".
  const failed = /constraint failed: (.+)$/.exec((error as Error).message)?.[1] ?? '';
  const columns = failed.split(', ').map((name) => name.split('.'));
  const table = columns[0]?.[0] ?? '';
  const fields = columns.map((parts) => fieldOf(parts[1] ?? 'id'));
  const label = ENTITY_LABELS[table] ?? 'record';
  return new ConflictError(`A ${label} with this ${fields.join(' and ')} already exists`, fields.at(-1));
}

/** Runs a write, reporting unique violations as ConflictError. */
export function writing<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw toConflict(error);
  }
}
