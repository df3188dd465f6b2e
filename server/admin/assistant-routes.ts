/**
 * GET|PUT /api/admin/assistant: PUT takes any subset of the fields and keeps the others.
 * POST /api/admin/assistant/preview: the test chat, what the assistant would answer (nothing stored).
 */
import { Router } from 'express';
import { z } from 'zod';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../core/assistant/defaults.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';
import { assistantSchema } from './schemas.js';

const previewSchema = z.strictObject({
  mode: z.enum(['standard', 'strict']),
  customPrompt: z.string().max(8_000).optional(),
  messages: z
    .array(
      z.strictObject({
        role: z.enum(['user', 'assistant']),
        text: z
          .string()
          .max(4_096)
          .refine((text) => text.trim().length > 0, 'must not be empty'),
      }),
    )
    .min(1, 'needs at least one message')
    .max(20)
    .refine(
      (messages) => messages.at(-1)?.role === 'user',
      "the last message must be the customer's (role user)",
    ),
});

export function assistantRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json((await deps.store.settings.getAssistant()) ?? DEFAULT_ASSISTANT_SETTINGS);
  });
  router.put('/', async (req, res) => {
    const patch = parseInput(assistantSchema, req.body);
    const current = (await deps.store.settings.getAssistant()) ?? DEFAULT_ASSISTANT_SETTINGS;
    const saved = await deps.store.settings.putAssistant({ ...current, ...patch });
    await audit(deps, actorOf(req, res), 'assistant.update', null, req.body);
    deps.engine.catalogChanged();
    res.json(saved);
  });
  router.post('/preview', async (req, res) => {
    const input = parseInput(previewSchema, req.body);
    res.json(await deps.engine.testChat(input));
  });
  return router;
}
