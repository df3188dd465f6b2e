/**
 * GET|PUT /api/admin/web-chat: the web chat's branding (core/branding.ts); PUT takes any subset of
 * the fields and keeps the others. POST /api/admin/web-chat/logo: a logo image (multipart `file`),
 * stored with no conversation and served publicly at the `logoUrl` it answers (saved with PUT).
 */
import { type Request, Router } from 'express';
import { z } from 'zod';
import {
  BRANDING_KEY,
  LOGO_PATH,
  logoPath,
  parseBranding,
  REPLY_TIMES,
  type WebChatBranding,
} from '../../core/branding.js';
import { ValidationError } from '../../core/errors.js';
import type { Store } from '../../core/repositories.js';
import type { AdminUser } from '../../core/types.js';
import { MAX_IMAGE_BYTES, requireImage } from '../http/image-upload.js';
import { readMultipart } from '../http/multipart.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';

const logoUrl = z
  .string()
  .trim()
  .max(500)
  .refine(
    (value) => LOGO_PATH.test(value) || /^https:\/\/[^\s"'<>]+$/.test(value),
    'must be an https:// address or an uploaded logo',
  );

export const brandingSchema = z.strictObject({
  name: z.string().trim().max(80, 'must be at most 80 characters').optional(),
  logoUrl: logoUrl.nullable().optional(),
  accentColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb')
    .transform((value) => value.toLowerCase())
    .nullable()
    .optional(),
  welcomeMessage: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  replyTime: z.enum(REPLY_TIMES).nullable().optional(),
});

export async function loadBranding(store: Store): Promise<WebChatBranding> {
  return parseBranding(await store.settings.getValue(BRANDING_KEY));
}

async function uploadLogo(deps: AdminDeps, req: Request, user: AdminUser) {
  const { file } = await readMultipart(req, 'file', MAX_IMAGE_BYTES);
  const contentType = requireImage(file);
  const id = deps.ids.next();
  await deps.store.attachments.insert({
    id,
    conversationId: null,
    uploader: { type: 'admin', id: user.id },
    contentType,
    size: file.length,
    data: file,
    createdAt: deps.clock.now().toISOString(),
  });
  return { logoUrl: logoPath(id) };
}

export function webChatRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await loadBranding(deps.store));
  });
  router.put('/', async (req, res) => {
    const patch = parseInput(brandingSchema, req.body);
    const uploaded = patch.logoUrl ? LOGO_PATH.exec(patch.logoUrl) : null;
    if (uploaded) {
      const logo = await deps.store.attachments.get(uploaded[1]!);
      if (!logo || logo.conversationId !== null) {
        throw new ValidationError('logoUrl: no such uploaded logo', 'logoUrl');
      }
    }
    const saved = { ...(await loadBranding(deps.store)), ...patch };
    await deps.store.settings.setValue(BRANDING_KEY, JSON.stringify(saved));
    await audit(deps, actorOf(req, res), 'webChat.update', null, patch);
    res.json(saved);
  });
  router.post('/logo', async (req, res) => {
    res.status(201).json(await uploadLogo(deps, req, res.locals.user as AdminUser));
  });
  return router;
}
