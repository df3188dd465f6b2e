import { useCallback, useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { type ConversationFilter, listConversations, PAGE_SIZE } from '../../lib/conversations.js';
import { useI18n } from '../../lib/i18n.js';
import { useLive } from '../../lib/live.js';
import { beep, notify } from '../../lib/notify.js';
import { type InboxConversation, markRead } from '../../lib/inbox.js';
import { applyInboxChange, applyMessage } from '../../lib/inbox-rows.js';
import { refreshUnread } from '../../lib/unread.js';
import type { Conversation } from '../../lib/types.js';
import { ConversationView } from '../conversation-view/index.js';
import { InboxList, type InboxState } from '../inbox-list/index.js';
import s from './style.module.css';

function matches(conversation: InboxConversation, filter: ConversationFilter): boolean {
  if (filter.query) return false; // only the server knows what a search matches
  const summary = conversation.inbox;
  if (filter.status && (summary?.status ?? 'open') !== filter.status) return false;
  if (filter.assignee === 'none' && summary?.assigneeId) return false;
  // "Mine" needs to know who "me" is: a change there reloads the page (onInbox below).
  if (filter.assignee === 'me' && !summary?.assigneeId) return false;
  if (filter.kind && conversation.kind !== filter.kind) return false;
  if (filter.handoff && String(conversation.handoff) !== filter.handoff) return false;
  // Waiting is `coachNeededAt` (core/waiting.ts): the coach answering clears it, and the conversation
  // leaves the list live.
  if (filter.waiting && !conversation.coachNeededAt) return false;
  return conversation.kind !== 'direct';
}

const byRecent = (a: Conversation, b: Conversation) =>
  (b.lastMessageAt ?? b.createdAt).localeCompare(a.lastMessageAt ?? a.createdAt);

/** `/admin/conversations[/:id]`: the live inbox beside (on a phone: instead of) the open conversation. */
export function Conversations() {
  const { t } = useI18n();
  const { params } = useRoute();
  const { query: urlQuery, route } = useLocation();
  const openId = params.id ?? null;
  const [filter, setFilter] = useState<ConversationFilter>({
    query: urlQuery.query ?? '',
    kind: (urlQuery.kind as ConversationFilter['kind']) ?? '',
    handoff: (urlQuery.handoff as ConversationFilter['handoff']) ?? '',
    waiting: urlQuery.waiting === 'true' ? 'true' : '',
    assignee: (urlQuery.assignee as ConversationFilter['assignee']) ?? '',
    status: (urlQuery.status as ConversationFilter['status']) ?? '',
  });
  const [inbox, setInbox] = useState<InboxState>({ items: [], total: 0, page: 0, state: 'loading' });

  const loadPage = useCallback(
    (page: number) => {
      setInbox((current) => ({ ...current, state: 'loading' }));
      listConversations(filter, page).then(
        (body) =>
          setInbox((current) => {
            const known = page === 1 ? [] : current.items;
            const seen = new Set(known.map((item) => item.id));
            return {
              items: [...known, ...body.items.filter((item) => !seen.has(item.id))],
              total: body.total,
              page,
              state: 'ready',
            };
          }),
        (error: unknown) => setInbox((current) => ({ ...current, state: 'failed', error })),
      );
    },
    [filter],
  );
  useEffect(() => loadPage(1), [loadPage]);

  const upsert = (changed: Conversation) =>
    setInbox((current) => {
      const others = current.items.filter((item) => item.id !== changed.id);
      const had = others.length !== current.items.length;
      // The conversation event carries no inbox summary: the row keeps the one it has.
      const previous = current.items.find((item) => item.id === changed.id);
      const conversation: InboxConversation = { ...changed, inbox: previous?.inbox ?? null };
      if (!matches(conversation, filter)) {
        // A conversation that stops matching (handed back while filtering on handoff) leaves the list.
        return had && !filter.query ? { ...current, items: others, total: current.total - 1 } : current;
      }
      return {
        ...current,
        items: [conversation, ...others].sort(byRecent),
        total: current.total + (had ? 0 : 1),
      };
    });

  useLive('conversation', ({ conversation }) => upsert(conversation));
  // Back from a disconnection: the first page again (new conversations, handoffs, order).
  useLive('resynced', () => loadPage(1));
  useLive('message', ({ conversationId, message }) => {
    const visible = conversationId === openId && document.visibilityState === 'visible';
    setInbox((current) => {
      const items = applyMessage(current.items, conversationId, message, visible);
      // A customer's message reopens a resolved conversation: it leaves a "resolved" list.
      const kept = items.filter((item) => item.id !== conversationId || matches(item, filter));
      return { ...current, items: kept, total: current.total - (items.length - kept.length) };
    });
    if (message.sender.type !== 'contact' || message.status !== 'received') return;
    if (visible) {
      // Seen as it arrives: the open conversation stays read.
      markRead(conversationId).then(
        () => refreshUnread(),
        () => {},
      );
      return;
    }
    beep();
    notify(t('inbox.newMessage', { name: message.sender.name }), message.text, () =>
      route(`/admin/conversations/${conversationId}`),
    );
  });
  useLive('inbox', (change) => {
    if (filter.assignee === 'me' && change.change === 'assigned') return loadPage(1);
    setInbox((current) => {
      const items = applyInboxChange(current.items, change.conversationId, change.summary);
      const kept = items.filter((item) => item.id !== change.conversationId || matches(item, filter));
      return { ...current, items: kept, total: current.total - (items.length - kept.length) };
    });
  });

  // Opening a conversation reads it, for this agent only.
  useEffect(() => {
    if (!openId) return;
    setInbox((current) => ({
      ...current,
      items: current.items.map((item) =>
        item.id === openId && item.inbox ? { ...item, inbox: { ...item.inbox, unread: 0 } } : item,
      ),
    }));
    markRead(openId).then(
      () => refreshUnread(0),
      () => {},
    );
  }, [openId]);

  const onFilter = (next: ConversationFilter) => {
    setFilter(next);
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) search.set(key, value);
    const text = search.toString();
    route(`/admin/conversations${openId ? `/${openId}` : ''}${text ? `?${text}` : ''}`, true);
  };

  const open = inbox.items.find((item) => item.id === openId) ?? null;
  const hasMore = inbox.items.length < inbox.total && inbox.items.length >= inbox.page * PAGE_SIZE;
  return (
    <div class={`${s.page} ${openId ? s.viewing : ''}`}>
      <section class={s.inbox} aria-label={t('inbox.title')}>
        <InboxList
          state={inbox}
          filter={filter}
          onFilter={onFilter}
          openId={openId}
          hasMore={hasMore}
          onMore={() => loadPage(inbox.page + 1)}
          onRetry={() => loadPage(Math.max(1, inbox.page))}
        />
      </section>
      <section class={s.view}>
        {openId ? (
          <ConversationView
            key={openId}
            id={openId}
            known={open}
            onChange={upsert}
            onInbox={(summary) =>
              setInbox((current) => ({ ...current, items: applyInboxChange(current.items, openId, summary) }))
            }
          />
        ) : (
          <p class={s.pick}>{t('inbox.pick')}</p>
        )}
      </section>
    </div>
  );
}
