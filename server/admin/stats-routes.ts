/**
 * GET /api/admin/stats: figures for the dashboard. Today's activity and the last 14 days (calendar
 * days in the business's TIMEZONE), the handoffs waiting for the coach, AI usage per day and provider
 * (30 days), today's budget state, and how often the STRICT guard changed an answer (30 days).
 */
import { Router } from 'express';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../core/assistant/defaults.js';
import { type DayActivity, dailyActivity } from '../../core/stats.js';
import type { AdminDeps } from './context.js';

const DAY_MS = 86_400_000;
const ACTIVITY_DAYS = 14;

export function statsRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const now = deps.clock.now();
    const today = now.toISOString().slice(0, 10);
    const since = new Date(now.getTime() - 29 * DAY_MS).toISOString().slice(0, 10);
    const [aiUsage, settings, guardInterventions, activity, handoffs] = await Promise.all([
      deps.store.aiUsage.list(since),
      deps.store.settings.getAssistant(),
      deps.store.messages.countGuarded(`${since}T00:00:00.000Z`),
      dailyActivity(deps.store, now, deps.timeZone, ACTIVITY_DAYS),
      deps.store.conversations.countHandoffs(),
    ]);
    const budget = (settings ?? DEFAULT_ASSISTANT_SETTINGS).dailyTokenBudget ?? null;
    const usedToday = aiUsage
      .filter((row) => row.day === today)
      .reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
    const { day, ...todayFigures } = activity[ACTIVITY_DAYS - 1] as DayActivity;
    res.json({
      today: {
        day,
        ...todayFigures,
        // Each counted up to COUNT_UP_TO (10,000); past it, its `…More` flag ("10,000+").
        handoffs: handoffs.handoff,
        handoffsMore: handoffs.handoffMore,
        handoffsWaiting: handoffs.waiting,
        handoffsWaitingMore: handoffs.waitingMore,
      },
      activity,
      timeZone: deps.timeZone,
      aiUsage,
      aiBudget: { dailyTokenBudget: budget, usedToday, exhausted: budget !== null && usedToday >= budget },
      guardInterventions,
    });
  });
  return router;
}
