/**
 * GET /api/admin/onboarding (owner): a new installation's checklist, read from what exists, never
 * stored: a catalog (an offer or an article), an entry link the owner made (the one made at first start
 * does not count: the audit log has no `links.create` for it), a channel besides the always-on web
 * chat, the assistant's settings saved once, and a campaign launched (whatever became of it since).
 */
import { Router } from 'express';
import type { AdminDeps } from './context.js';

const LAUNCHED = ['scheduled', 'sending', 'completed', 'failed', 'cancelled'] as const;

export function onboardingRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const { store } = deps;
    const [offers, articles, links, assistant, ...campaigns] = await Promise.all([
      store.offers.list(),
      store.articles.list(),
      store.auditLog.list({ area: 'links', limit: 1 }),
      store.settings.getAssistant(),
      ...LAUNCHED.map((status) => store.campaigns.list({ status, limit: 1 })),
    ]);
    // A channel someone turned on: the always-on ones (no variable turns them on) do not count.
    const directory = deps.channels?.directory;
    const channels = (deps.channels?.list() ?? []).filter(
      (adapter) => (directory?.get(adapter.name)?.config.enabledBy ?? null) !== null,
    );
    const steps = [
      { id: 'catalog', done: offers.length + articles.length > 0 },
      { id: 'link', done: links.total > 0 },
      { id: 'channel', done: channels.length > 0 },
      { id: 'assistant', done: assistant !== null },
      { id: 'campaign', done: campaigns.some((page) => page.total > 0) },
    ];
    res.json({ steps, done: steps.filter((step) => step.done).length });
  });
  return router;
}
