/**
 * Which channels may be offered: those configured in this process. The campaigns API refuses the
 * others with a 400 that names the variable turning the channel on; GET /api/admin/channels lists
 * every channel of the build with that hint, so the composer shows the unconfigured ones disabled.
 */
import type { ChannelRegistry } from '../../core/channels.js';
import { ValidationError } from '../../core/errors.js';
import type { ChannelName } from '../../core/types.js';

/** Why `channel` cannot be used here, or null when it is configured. */
export function unavailableReason(
  registry: ChannelRegistry | undefined,
  channel: ChannelName,
): string | null {
  if (registry?.has(channel)) return null;
  const traits = registry?.directory.get(channel);
  if (!traits) return `${channel} is not available in this version`;
  return `${traits.label} is not configured: ${traits.config.hint}`;
}

/** Throws a 400 naming the first channel that is not configured and the variable that turns it on. */
export function requireConfigured(
  registry: ChannelRegistry | undefined,
  channels: readonly ChannelName[],
): void {
  for (const channel of channels) {
    const reason = unavailableReason(registry, channel);
    if (reason) throw new ValidationError(`channels: ${reason}`, 'channels', 'channel_not_configured');
  }
}
