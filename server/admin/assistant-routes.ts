/** GET|PUT /api/admin/assistant: PUT takes any subset of the fields and keeps the others. */
import { Router } from 'express';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../core/assistant/defaults.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';
import { assistantSchema } from './schemas.js';

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
  return router;
}
