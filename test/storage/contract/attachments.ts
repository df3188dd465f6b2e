import { describe, expect, it } from 'vitest';
import type { StoredAttachment } from '../../../core/repositories-web-chat.js';
import { at, type ContractContext, makeConversation, newId } from './fixtures.js';

/** Every byte value, so no backend may treat the image as text. */
const BYTES = Uint8Array.from({ length: 512 }, (_, i) => i % 256);

export function describeAttachments(context: ContractContext): void {
  describe('attachments and coach reads', () => {
    const store = () => context.store();

    async function conversation() {
      const created = makeConversation();
      await store().conversations.create(created);
      return created;
    }

    it('keeps an image byte for byte, with or without a conversation', async () => {
      const { id: conversationId } = await conversation();
      const image: StoredAttachment = {
        id: newId(),
        conversationId,
        uploader: { type: 'contact', id: 'member-1' },
        contentType: 'image/png',
        size: BYTES.length,
        data: BYTES,
        createdAt: at(1),
      };
      const logo = {
        ...image,
        id: newId(),
        conversationId: null,
        uploader: { type: 'admin', id: 'u1' },
      } as const;
      await store().attachments.insert(image);
      await store().attachments.insert(logo);
      const read = await store().attachments.get(image.id);
      expect(read).toEqual({ ...image, data: expect.any(Uint8Array) });
      expect(Buffer.from(read!.data).equals(Buffer.from(BYTES))).toBe(true);
      expect((await store().attachments.get(logo.id))?.conversationId).toBeNull();
      expect(await store().attachments.get('missing')).toBeNull();
    });

    it("moves the coach's read marker forward only, whatever arrives at once", async () => {
      const { id } = await conversation();
      expect(await store().coachReads.get(id)).toBeNull();
      const marks = Array.from({ length: 12 }, () => newId());
      // Shuffled and all at once: the newest id wins, an older one never overwrites it.
      const results = await Promise.all(
        [...marks].reverse().map((messageId) => store().coachReads.markRead(id, messageId, at(2))),
      );
      expect(results[0]).toBe(true);
      expect(await store().coachReads.get(id)).toBe(marks.at(-1));
      expect(await store().coachReads.markRead(id, marks[0]!, at(3))).toBe(false);
      expect(await store().coachReads.markRead(id, marks.at(-1)!, at(3))).toBe(false);
      expect(await store().coachReads.get(id)).toBe(marks.at(-1));
      const later = newId();
      expect(await store().coachReads.markRead(id, later, at(4))).toBe(true);
      expect(await store().coachReads.get(id)).toBe(later);
    });
  });
}
