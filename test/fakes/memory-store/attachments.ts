import type { AttachmentRepository, CoachReadRepository } from '../../../core/repositories-web-chat.js';
import { ConflictError } from '../../../core/errors.js';
import type { Gate, MemoryState } from './state.js';

export function createAttachmentRepository(state: MemoryState, gate: Gate): AttachmentRepository {
  return {
    insert: (attachment) =>
      gate(() => {
        if (state.attachments.has(attachment.id)) throw new ConflictError('attachment exists');
        state.attachments.set(attachment.id, { ...attachment, data: new Uint8Array(attachment.data) });
      }),
    get: (id) =>
      gate(() => {
        const found = state.attachments.get(id);
        return found ? { ...found, uploader: { ...found.uploader }, data: new Uint8Array(found.data) } : null;
      }),
  };
}

/** The coach's read marker moves forward only (ids sort by creation). */
export function createCoachReadRepository(state: MemoryState, gate: Gate): CoachReadRepository {
  return {
    markRead: (conversationId, messageId) =>
      gate(() => {
        const current = state.coachReads.get(conversationId);
        if (current !== undefined && current >= messageId) return false;
        state.coachReads.set(conversationId, messageId);
        return true;
      }),
    get: (conversationId) => gate(() => state.coachReads.get(conversationId) ?? null),
  };
}
