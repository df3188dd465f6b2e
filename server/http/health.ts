/** /healthz: the process answers. /readyz: the store answers and every enabled channel is ready. */
import { Router } from 'express';
import type { ChannelRegistry } from '../../core/channels.js';
import type { Store } from '../../core/repositories.js';

export function healthRoutes(store: Store, registry: ChannelRegistry): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    let storeState: { ok: boolean; error?: string } = { ok: true };
    try {
      await store.ping();
    } catch (error) {
      storeState = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const channels = Object.fromEntries(registry.list().map((adapter) => [adapter.name, adapter.status()]));
    const ok = storeState.ok && Object.values(channels).every((status) => status.state === 'ready');
    res.status(ok ? 200 : 503).json({ ok, store: { kind: store.kind, ...storeState }, channels });
  });
  return router;
}
