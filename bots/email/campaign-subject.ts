/** A campaign's email subject for one of its messages, personalised ({firstName}, {name}). */
import { personalise } from '../../core/campaigns/personalise.js';
import type { Store } from '../../core/repositories.js';
import type { Message } from '../../core/types.js';

/** null: the message is not a campaign's (an answer, the coach writing in a conversation). */
export function campaignSubjectOf(store: Store) {
  return async (message: Message): Promise<string | null> => {
    if (message.sender.type !== 'coach') return null;
    const row = await store.deliveries.getByMessage(message.id);
    if (!row) return null;
    const campaign = await store.campaigns.get(row.campaignId);
    if (!campaign) return null;
    const contact = row.recipientType === 'contact' ? await store.contacts.get(row.recipientId) : null;
    return personalise(campaign.subject ?? campaign.name, { name: contact?.name ?? null }, new Map());
  };
}
