import type {
  AttachmentRepository,
  CoachReadRepository,
  StoredAttachment,
} from '../../core/repositories-web-chat.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepare } from './prepared-query.js';

const ATTACHMENTS = { table: 'attachments' };

const attachmentQueries = perDialect((dialect, _key: typeof ATTACHMENTS) => ({
  insert: prepare(dialect, (db, slot) =>
    db.insertInto('attachments').values({
      id: slot('id'),
      conversation_id: slot('conversationId'),
      uploader_type: slot('uploaderType'),
      uploader_id: slot('uploaderId'),
      content_type: slot('contentType'),
      size: slot('size'),
      data: slot('data'),
      created_at: slot('createdAt'),
    }),
  ),
  get: prepare(dialect, (db, slot) =>
    db
      .selectFrom('attachments')
      .select([
        'id',
        'conversation_id',
        'uploader_type',
        'uploader_id',
        'content_type',
        'size',
        'data',
        'created_at',
      ])
      .where('id', '=', slot('id')),
  ),
}));

type AttachmentRow = [
  string,
  string | null,
  'contact' | 'admin',
  string,
  string,
  number | string,
  Uint8Array,
  string,
];

/** Images and the logo, bytes in the row: any process reads them (BLOB on SQLite, bytea on PostgreSQL). */
export class SqlAttachmentRepository implements AttachmentRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = attachmentQueries(db.dialect, ATTACHMENTS);
  }

  async insert(attachment: StoredAttachment): Promise<void> {
    await this.db.run(this.#q.insert, {
      id: attachment.id,
      conversationId: attachment.conversationId,
      uploaderType: attachment.uploader.type,
      uploaderId: attachment.uploader.id,
      contentType: attachment.contentType,
      size: attachment.size,
      data: Buffer.from(attachment.data.buffer, attachment.data.byteOffset, attachment.data.byteLength),
      createdAt: attachment.createdAt,
    });
  }

  async get(id: string): Promise<StoredAttachment | null> {
    const [row] = await this.db.rows(this.#q.get, { id });
    if (!row) return null;
    const [, conversationId, type, uploaderId, contentType, size, data, createdAt] = row as AttachmentRow;
    return {
      id,
      conversationId,
      uploader: { type, id: uploaderId },
      contentType,
      size: Number(size),
      data: new Uint8Array(data),
      createdAt,
    };
  }
}

const COACH_READS = { table: 'coach_reads' };

const coachReadQueries = perDialect((dialect, _key: typeof COACH_READS) => ({
  // Insert, or move forward only: a marker older than the stored one changes nothing.
  mark: prepare(
    dialect,
    (db, slot) =>
      db
        .insertInto('coach_reads')
        .values({
          conversation_id: slot('conversationId'),
          message_id: slot('messageId'),
          read_at: slot('at'),
        })
        .onConflict((conflict) =>
          conflict
            .column('conversation_id')
            .doUpdateSet((eb) => ({
              message_id: eb.ref('excluded.message_id'),
              read_at: eb.ref('excluded.read_at'),
            }))
            .where((eb) => eb('coach_reads.message_id', '<', eb.ref('excluded.message_id'))),
        ),
    { mayConflict: false },
  ),
  get: prepare(dialect, (db, slot) =>
    db.selectFrom('coach_reads').select('message_id').where('conversation_id', '=', slot('conversationId')),
  ),
}));

export class SqlCoachReadRepository implements CoachReadRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = coachReadQueries(db.dialect, COACH_READS);
  }

  async markRead(conversationId: string, messageId: string, at: string): Promise<boolean> {
    return (await this.db.run(this.#q.mark, { conversationId, messageId, at })) > 0;
  }

  async get(conversationId: string): Promise<string | null> {
    const [row] = await this.db.rows(this.#q.get, { conversationId });
    return row ? (row[0] as string) : null;
  }
}
