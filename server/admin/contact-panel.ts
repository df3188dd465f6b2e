/**
 * The customer beside the open conversation: who they are on which channels, their tags, the team's
 * private notes, the campaigns they were sent (owners: campaigns are theirs) and the payment links
 * they clicked. Bounded: the contact's 10 most recent conversations, 5 notes, 10 campaign messages.
 */
import type { AdminUser, Conversation } from '../../core/types.js';
import type { AdminDeps } from './context.js';

const CONVERSATIONS = 10;
const NOTES = 5;
const CAMPAIGNS = 10;

export async function contactPanel(deps: AdminDeps, conversation: Conversation, user: AdminUser) {
  const { store } = deps;
  const contact = conversation.contactId ? await store.contacts.get(conversation.contactId) : null;
  const conversations = contact
    ? (await store.conversations.listForContact(contact.id))
        .filter((c) => c.kind !== 'direct')
        .slice(0, CONVERSATIONS)
    : [conversation];
  const ids = conversations.map((c) => c.id);
  const [identities, notes, campaigns, links] = await Promise.all([
    contact ? store.contacts.listIdentities(contact.id) : [],
    store.inbox.notes(ids, NOTES),
    contact && user.role === 'owner' ? store.inbox.campaignsReceived(contact.id, CAMPAIGNS) : [],
    Promise.all(ids.map((id) => store.trackedLinks.listForConversation(id))),
  ]);
  return {
    contact,
    identities: identities.map(({ channel, externalId, createdAt }) => ({ channel, externalId, createdAt })),
    notes,
    campaigns,
    payments: links
      .flat()
      .filter((link) => link.clicks > 0)
      .map(({ id, url, clicks, lastClickAt, conversationId }) => ({
        id,
        url,
        clicks,
        lastClickAt,
        conversationId,
      })),
  };
}
