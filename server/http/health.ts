/**
 * /healthz: the process answers. /readyz: the store answers and every enabled channel is ready; it names
 * the store (`embedded` or `postgres`).
 */
import { Router } from 'express';
import type { ChannelRegistry } from '../../core/channels.js';
import type { Store } from '../../core/repositories.js';
import type { StoreKind } from '../backends.js';

/** Something else readiness depends on (the scheduler). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean }>;
}

export function healthRoutes(
  store: Store,
  storeKind: StoreKind,
  registry: ChannelRegistry,
  extra: ReadinessCheck[] = [],
): Router {
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
    const checks = await Promise.all(
      extra.map(
        async (part) =>
          [
            part.name,
            await part.check().catch((error: unknown) => ({ ok: false, error: String(error) })),
          ] as const,
      ),
    );
    const ok =
      storeState.ok &&
      Object.values(channels).every((status) => status.state === 'ready') &&
      checks.every(([, state]) => state.ok);
    res
      .status(ok ? 200 : 503)
      .json({ ok, store: { kind: storeKind, ...storeState }, channels, ...Object.fromEntries(checks) });
  });
  return router;
}
