/**
 * Which channels may be offered: those configured in this process. The campaigns API refuses the
 * others with a 400 that names the variable turning the channel on; GET /api/admin/channels lists
 * every channel of the build with that hint, so the composer shows the unconfigured ones disabled.
 */
import type { ChannelRegistry } from '../../core/channels.js';
import { ValidationError } from '../../core/errors.js';
import type { Repositories } from '../../core/repositories.js';
import type { CampaignTarget, ChannelName, Conversation } from '../../core/types.js';

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

/**
 * Why nothing can be posted into this group conversation here: its channel runs without groups
 * (WhatsApp through Twilio), in the adapter's own words. Null for other conversations, and for a
 * channel that is off (its sends fail with `channel_unavailable`, as before).
 */
export function groupsUnavailableReason(
  registry: ChannelRegistry | undefined,
  conversation: Pick<Conversation, 'kind' | 'channel'>,
): string | null {
  if (conversation.kind !== 'group' || !registry?.has(conversation.channel)) return null;
  if (registry.can(conversation.channel, 'groups')) return null;
  const adapter = registry.get(conversation.channel);
  const label = registry.directory.get(conversation.channel)?.label ?? conversation.channel;
  return adapter.unsupported?.groups ?? `${label} has no groups here`;
}

/** The coach posting into a group whose channel has no groups here: a 400 with the reason. */
export async function requireGroupsFor(
  registry: ChannelRegistry | undefined,
  store: Repositories,
  conversationId: string,
): Promise<void> {
  const conversation = await store.conversations.get(conversationId);
  const reason = conversation && groupsUnavailableReason(registry, conversation);
  if (reason) throw new ValidationError(reason, 'id', 'groups_unavailable');
}

/** A campaign posting into such a group (a `conversation` target): a 400 naming the target and the reason. */
export async function requireGroupTargets(
  registry: ChannelRegistry | undefined,
  store: Repositories,
  targets: readonly CampaignTarget[] | undefined,
): Promise<void> {
  for (const [i, target] of (targets ?? []).entries()) {
    if (target.type !== 'conversation' || !target.id) continue;
    const conversation = await store.conversations.get(target.id);
    const reason = conversation && groupsUnavailableReason(registry, conversation);
    if (reason)
      throw new ValidationError(`targets.${i}.id: ${reason}`, `targets.${i}.id`, 'groups_unavailable');
  }
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
