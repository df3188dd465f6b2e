import type { CannedReply } from '../../core/inbox-types.js';
import type { CannedReplyRepository } from '../types.js';
import { SqlCrudRepository } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import type { SqlExecutor } from './executor.js';

/** A shortcut is unique ignoring case (`/Price` and `/price` would be the same reply). */
const CANNED_REPLIES: EntitySpec<CannedReply> = {
  table: 'canned_replies',
  columns: {
    id: ['id'],
    shortcut: ['shortcut'],
    text: ['text'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
  derived: { shortcut_key: { from: ['shortcut'], derive: (reply) => reply.shortcut.toLowerCase() } },
};

export class SqlCannedReplyRepository
  extends SqlCrudRepository<CannedReply>
  implements CannedReplyRepository
{
  constructor(db: SqlExecutor, now: () => Date) {
    super(db, CANNED_REPLIES, now);
  }
}
