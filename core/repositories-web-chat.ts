/**
 * Repositories of issue 19's web chat additions: image attachments (bytes kept in the database, so
 * every process of a PostgreSQL installation serves them) and the coach's read marker per conversation.
 */

/** An image a member or the coach uploaded, or the business's logo (`conversationId` null). */
export interface StoredAttachment {
  id: string;
  /** The conversation it was sent in; null for the web chat's logo (public). */
  conversationId: string | null;
  uploader: { type: 'contact' | 'admin'; id: string };
  contentType: string;
  size: number;
  data: Uint8Array;
  createdAt: string;
}

export interface AttachmentRepository {
  insert(attachment: StoredAttachment): Promise<void>;
  get(id: string): Promise<StoredAttachment | null>;
}

export interface CoachReadRepository {
  /**
   * Moves the coach's read marker of the conversation forward to `messageId` (ids sort by creation);
   * true when it moved, false when it was already there or further (compare-and-set: whatever
   * arrives at once, the marker never goes back).
   */
  markRead(conversationId: string, messageId: string, at: string): Promise<boolean>;
  /** The newest message the coach has read in the conversation, or null. */
  get(conversationId: string): Promise<string | null>;
}
