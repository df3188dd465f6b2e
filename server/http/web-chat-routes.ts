/**
 * The web chat's HTTP side (issue 19): its public branding and logo, and images. An image goes up as
 * multipart (busboy streams it and stops at 5 MB; the socket keeps its 64 KB cap) with the member
 * token in `Authorization: Bearer`, becomes a message of the conversation (the same ingest as `send`,
 * de-duplicated by `clientMessageId`), and is served back only to the conversation's members with
 * that header (the page shows it from a blob URL), and to the coach through /api/admin/attachments.
 */
import { type Request, Router } from 'express';
import type { Namespace } from 'socket.io';
import { z } from 'zod';
import { conversationRoom } from '../../bots/web/adapter.js';
import type { MemberTokens } from '../../bots/web/member-token.js';
import type { SlidingWindowLimiter } from '../../bots/web/rate-limit.js';
import { parseBranding, BRANDING_KEY } from '../../core/branding.js';
import type { Engine } from '../../core/engine.js';
import { NotFoundError, RateLimitedError, UnauthorizedError } from '../../core/errors.js';
import type { Clock, IdGenerator } from '../../core/ids.js';
import { toPublicMessage } from '../../core/messages.js';
import type { Store } from '../../core/repositories.js';
import { imageHeaders, MAX_IMAGE_BYTES, requireImage } from './image-upload.js';
import { readMultipart } from './multipart.js';
import { parseInput } from './validate.js';

export interface WebChatRouteDeps {
  store: Store;
  engine: Engine;
  ids: IdGenerator;
  clock: Clock;
  tokens: MemberTokens;
  /** Images per member (in process memory, as the message limit). */
  uploads: SlidingWindowLimiter;
  namespace: Namespace;
}

const id = z.string().trim().min(1).max(100);
const imageFields = z.strictObject({
  conversationId: id,
  clientMessageId: id,
  text: z.string().max(4_096, 'must be at most 4096 characters').optional(),
});

export const attachmentPath = (attachmentId: string) => `/chat/attachments/${attachmentId}`;

/** The member of `Authorization: Bearer <member token>`, as the socket's handshake would accept it. */
function memberOf(req: Request, tokens: MemberTokens): string {
  const header = req.headers.authorization ?? '';
  const memberId = header.startsWith('Bearer ') ? tokens.verify(header.slice(7).trim()) : null;
  if (!memberId) throw new UnauthorizedError('a member token is required (Authorization: Bearer)');
  return memberId;
}

/** The member's contact, when they belong to the conversation; `not_found` otherwise (nothing to probe). */
async function requireMembership(store: Store, memberId: string, conversationId: string) {
  const contact = await store.contacts.findByIdentity('web', memberId);
  const member = contact && (await store.conversations.isMember(conversationId, contact.id));
  if (!member) throw new NotFoundError('conversation not found', 'conversationId');
}

async function sendImage(deps: WebChatRouteDeps, req: Request) {
  const memberId = memberOf(req, deps.tokens);
  if (!deps.uploads.take(memberId, deps.clock.now().getTime())) {
    throw new RateLimitedError('too many images: wait a minute', 60);
  }
  const { file, fields } = await readMultipart(req, 'file', MAX_IMAGE_BYTES);
  const input = parseInput(imageFields, fields);
  await requireMembership(deps.store, memberId, input.conversationId);
  const contentType = requireImage(file);
  const attachmentId = deps.ids.next();
  await deps.store.attachments.insert({
    id: attachmentId,
    conversationId: input.conversationId,
    uploader: { type: 'contact', id: memberId },
    contentType,
    size: file.length,
    data: file,
    createdAt: deps.clock.now().toISOString(),
  });
  const result = await deps.engine.ingest({
    type: 'media',
    channel: 'web',
    from: { externalId: memberId },
    conversationId: input.conversationId,
    clientMessageId: input.clientMessageId,
    text: input.text?.trim() ?? '',
    media: [{ url: attachmentPath(attachmentId), contentType }],
  });
  if (result.type !== 'message') throw new Error('the image stored no message');
  const message = toPublicMessage(result.message);
  // The other members (and the sender's other tabs) get it live, as a `send` would give it them.
  if (!result.duplicate) {
    deps.namespace
      .to(conversationRoom(input.conversationId))
      .emit('message', { conversationId: input.conversationId, message });
  }
  return { message };
}

export function webChatRoutes(deps: WebChatRouteDeps): Router {
  const router = Router();
  // Public: the page shows it before anyone joins. Nothing in it is secret (core/branding.ts).
  router.get('/chat/branding', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(parseBranding(await deps.store.settings.getValue(BRANDING_KEY)));
  });
  router.get('/chat/logo/:id', async (req, res) => {
    const logo = await deps.store.attachments.get(req.params.id);
    if (!logo || logo.conversationId !== null) throw new NotFoundError('no such logo');
    res.set(imageHeaders(logo.contentType, 'public, max-age=86400, immutable')).send(Buffer.from(logo.data));
  });
  router.post('/chat/attachments', async (req, res) => {
    res.status(201).json(await sendImage(deps, req));
  });
  router.get('/chat/attachments/:id', async (req, res) => {
    const memberId = memberOf(req, deps.tokens);
    const image = await deps.store.attachments.get(req.params.id);
    if (!image?.conversationId) throw new NotFoundError('no such image');
    await requireMembership(deps.store, memberId, image.conversationId);
    res.set(imageHeaders(image.contentType, 'private, max-age=3600')).send(Buffer.from(image.data));
  });
  return router;
}
