/** Provider delivery reports: a status only moves forward (a late "sent" never undoes "read"). */
import type { InboundStatus } from './inbound.js';
import type { Store } from './repositories.js';
import type { Message, MessageStatus } from './types.js';

const RANK: Record<MessageStatus, number> = {
  received: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

export async function applyStatus(store: Store, event: InboundStatus): Promise<Message | null> {
  const message = await store.messages.findByExternalId(event.channel, event.externalMessageId);
  if (!message) return null;
  if (RANK[event.status] <= RANK[message.status]) return message;
  return store.messages.updateStatus(message.id, { status: event.status, error: event.error ?? null });
}
