/**
 * POST /api/admin/attachments: the coach sends an image (multipart `file`, fields `conversationId`
 * and an optional `text` caption) into a conversation, as a coach message with `media`.
 * GET /api/admin/attachments/:id: an image of a conversation the coach may read, or the logo.
 */
import { type Request, Router } from 'express';
import { z } from 'zod';
import { coachConversation } from '../../core/coach.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { AdminUser } from '../../core/types.js';
import { imageHeaders, MAX_IMAGE_BYTES, requireImage } from '../http/image-upload.js';
import { readMultipart } from '../http/multipart.js';
import { parseInput } from '../http/validate.js';
import { attachmentPath } from '../http/web-chat-routes.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';

const imageFields = z.strictObject({
  conversationId: z.string().trim().min(1).max(100),
  text: z.string().max(4_096, 'must be at most 4096 characters').optional(),
});

async function sendImage(deps: AdminDeps, req: Request, user: AdminUser) {
  const { file, fields } = await readMultipart(req, 'file', MAX_IMAGE_BYTES);
  const input = parseInput(imageFields, fields);
  const conversation = await coachConversation(deps.store, input.conversationId);
  // The image's address is Kora's own: only the web chat can show it (other channels would need a
  // public URL the provider fetches).
  if (conversation.channel !== 'web') {
    throw new ValidationError(
      'conversationId: images can be sent in web chat conversations only',
      'conversationId',
    );
  }
  const contentType = requireImage(file);
  const id = deps.ids.next();
  await deps.store.attachments.insert({
    id,
    conversationId: input.conversationId,
    uploader: { type: 'admin', id: user.id },
    contentType,
    size: file.length,
    data: file,
    createdAt: deps.clock.now().toISOString(),
  });
  const coach = { id: user.id, name: user.name };
  const media = [{ url: attachmentPath(id), contentType }];
  return deps.engine.postAsCoach(input.conversationId, coach, input.text?.trim() ?? '', media);
}

export function attachmentRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const message = await sendImage(deps, req, res.locals.user as AdminUser);
    await audit(deps, actorOf(req, res), 'conversations.image', message.conversationId);
    res.status(201).json(message);
  });
  router.get('/:id', async (req, res) => {
    const image = await deps.store.attachments.get(req.params.id);
    if (!image) throw new NotFoundError('no such image');
    // Members' private conversations are theirs alone: their images too.
    if (image.conversationId) await coachConversation(deps.store, image.conversationId);
    res.set(imageHeaders(image.contentType, 'private, max-age=3600')).send(Buffer.from(image.data));
  });
  return router;
}
