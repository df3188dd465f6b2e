/**
 * GET /api/admin/stats: figures for the dashboard. AI usage per day and provider (30 days), today's
 * budget state, and how often the STRICT guard changed an answer (30 days).
 */
import { Router } from 'express';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../core/assistant/defaults.js';
import type { AdminDeps } from './context.js';

const DAY_MS = 86_400_000;

export function statsRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const now = deps.clock.now();
    const today = now.toISOString().slice(0, 10);
    const since = new Date(now.getTime() - 29 * DAY_MS).toISOString().slice(0, 10);
    const [aiUsage, settings, guardInterventions] = await Promise.all([
      deps.store.aiUsage.list(since),
      deps.store.settings.getAssistant(),
      deps.store.messages.countGuarded(`${since}T00:00:00.000Z`),
    ]);
    const budget = (settings ?? DEFAULT_ASSISTANT_SETTINGS).dailyTokenBudget ?? null;
    const usedToday = aiUsage
      .filter((row) => row.day === today)
      .reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
    res.json({
      aiUsage,
      aiBudget: { dailyTokenBudget: budget, usedToday, exhausted: budget !== null && usedToday >= budget },
      guardInterventions,
    });
  });
  return router;
}
