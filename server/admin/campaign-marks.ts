/**
 * Campaign messages as the inbox shows them: each message sent for a campaign gets `campaign: {id,
 * name}` (the name read now, so a renamed campaign shows its new name; a deleted one its id only).
 */
import type { Repositories } from '../../core/repositories.js';
import type { Message } from '../../core/types.js';

export type MarkedMessage = Message & { campaign?: { id: string; name: string | null } };

export async function markCampaignMessages(
  store: Repositories,
  messages: Message[],
): Promise<MarkedMessage[]> {
  const ids = [...new Set(messages.flatMap((message) => (message.campaignId ? [message.campaignId] : [])))];
  if (ids.length === 0) return messages;
  const names = new Map<string, string | null>();
  for (const id of ids) names.set(id, (await store.campaigns.get(id))?.name ?? null);
  return messages.map((message) =>
    message.campaignId
      ? { ...message, campaign: { id: message.campaignId, name: names.get(message.campaignId) ?? null } }
      : message,
  );
}
