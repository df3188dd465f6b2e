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
  canned_replies: 'canned reply',
};

/** `code_key` -> `code`, `external_id` -> `externalId`: the entity field a column stands for. */
function fieldOf(column: string): string {
  return column.replace(/_key$/, '').replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The ConflictError for a unique violation on `columns` of `table`, whichever backend reported it. */
export function uniqueConflict(table: string, columns: readonly string[]): ConflictError {
  const fields = (columns.length > 0 ? columns : ['id']).map(fieldOf);
  const label = ENTITY_LABELS[table] ?? 'record';
  return new ConflictError(`A ${label} with this ${fields.join(' and ')} already exists`, fields.at(-1));
}
