/**
 * GET /api/admin/channels: `items`, each enabled channel and its status (state, account such as the
 * bot's username, mode, last error); `known`, every channel of this build, configured or not, with
 * the variable that turns it on (the composer shows the unconfigured ones disabled with that hint) and
 * every variable it reads (the channels page: what it needs to be turned on); `publicUrl`.
 * Channel-specific routes (the WhatsApp QR code) live in their own files.
 */
import { Router } from 'express';
import type { ChannelRegistry } from '../../core/channels.js';

export function channelRoutes(registry: ChannelRegistry | undefined, publicUrl: string): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const items = (registry?.list() ?? []).map((adapter) => ({
      name: adapter.name,
      capabilities: adapter.capabilities,
      unsupported: adapter.unsupported ?? {},
      ...adapter.status(),
    }));
    // A running channel's own capabilities win over its descriptor's (WhatsApp's groups depend on the provider).
    const known = (registry?.directory.list() ?? []).map((channel) => {
      const running = registry?.has(channel.name) ? registry.get(channel.name) : null;
      return {
        name: channel.name,
        label: channel.label,
        configured: running !== null,
        enabledBy: channel.config.enabledBy,
        hint: channel.config.hint,
        // What the panel shows of each variable: never its rules, never its value.
        variables: (channel.config.variables ?? []).map(({ name, required, secret }) => ({
          name,
          required,
          ...(secret ? { secret } : {}),
        })),
        capabilities: running ? { ...channel.capabilities, ...running.capabilities } : channel.capabilities,
      };
    });
    // PUBLIC_URL: where the providers' webhooks must point (the panel's setup steps name it).
    res.json({ items, known, publicUrl });
  });
  return router;
}
