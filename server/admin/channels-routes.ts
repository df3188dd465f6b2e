/**
 * GET /api/admin/channels: each enabled channel and its status (state, account such as the bot's
 * username, mode, last error). Channel-specific routes (the WhatsApp QR code) live in their own files.
 */
import { Router } from 'express';
import type { ChannelRegistry } from '../../core/channels.js';

export function channelRoutes(registry: ChannelRegistry | undefined): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const items = (registry?.list() ?? []).map((adapter) => ({
      name: adapter.name,
      capabilities: adapter.capabilities,
      ...adapter.status(),
    }));
    res.json({ items });
  });
  return router;
}
