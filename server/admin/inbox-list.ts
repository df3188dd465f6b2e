/**
 * The inbox page's extra fields (issue 19): each row's summary as this agent sees it (preview, unread,
 * agent, status) read in one query, and for a search the passage of the newest message it matched
 * (the list names them: `ConversationPage.matches`; read by id in one query).
 */
import type { InboxSummary } from '../../core/inbox-types.js';
import type { ConversationListQuery, ConversationPage } from '../../core/repositories.js';
import type { AdminUser, Conversation } from '../../core/types.js';
import type { AdminDeps } from './context.js';
import { snippetOf } from './snippet.js';

export function inboxFilter(
  query: { assignee?: string; status?: 'open' | 'resolved' },
  user: AdminUser,
): Pick<ConversationListQuery, 'assignee' | 'status'> {
  const assignee =
    query.assignee === undefined
      ? undefined
      : query.assignee === 'me'
        ? user.id
        : query.assignee === 'none'
          ? null
          : query.assignee;
  return {
    ...(assignee === undefined ? {} : { assignee }),
    ...(query.status ? { status: query.status } : {}),
  };
}

export type InboxItem = Conversation & {
  inbox: InboxSummary | null;
  match?: { messageId: string; text: string };
};

export async function withInbox(
  deps: AdminDeps,
  page: ConversationPage,
  userId: string,
  search: string | undefined,
): Promise<InboxItem[]> {
  const { items } = page;
  const ids = items.map((item) => item.id);
  // Only a search by words names matched messages (none: no read).
  const [summaries, matches] = await Promise.all([
    deps.store.inbox.summaries(userId, ids),
    deps.store.inbox.matches(Object.values(page.matches ?? {})),
  ]);
  return items.map((item) => {
    const found = matches[item.id];
    const match = found ? { messageId: found.id, text: snippetOf(found.text, search!) } : undefined;
    return { ...item, inbox: summaries[item.id] ?? null, ...(match ? { match } : {}) };
  });
}
