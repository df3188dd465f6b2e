import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationFilter } from '../../lib/conversations.js';
import { useAgents } from '../../lib/agents.js';
import { dayKey, dayLabel } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useLiveConnected } from '../../lib/live.js';
import { canNotify } from '../../lib/notify.js';
import type { InboxConversation } from '../../lib/inbox.js';
import { InboxRow } from '../inbox-row/index.js';
import { InboxScope } from '../inbox-scope/index.js';
import { Empty, Failed, Loading } from '../load-view/index.js';
import s from './style.module.css';

export interface InboxState {
  items: InboxConversation[];
  total: number;
  page: number;
  state: 'loading' | 'ready' | 'failed';
  error?: unknown;
}

interface Props {
  state: InboxState;
  filter: ConversationFilter;
  onFilter(filter: ConversationFilter): void;
  openId: string | null;
  hasMore: boolean;
  onMore(): void;
  onRetry(): void;
}

/** Filters, then the conversations by day (newest first); scrolling to the end loads the next page. */
export function InboxList({ state, filter, onFilter, openId, hasMore, onMore, onRetry }: Props) {
  const { t, lang } = useI18n();
  const agents = useAgents();
  const connected = useLiveConnected();
  const [text, setText] = useState(filter.query ?? '');
  const [permission, setPermission] = useState(() => (canNotify() ? Notification.permission : 'denied'));
  const sentinel = useRef<HTMLLIElement>(null);

  // Typing searches after a short pause, not on every key.
  useEffect(() => {
    if (text === (filter.query ?? '')) return;
    const timer = setTimeout(() => onFilter({ ...filter, query: text }), 300);
    return () => clearTimeout(timer);
  }, [text, filter, onFilter]);

  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasMore || state.state !== 'ready') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onMore();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore, state.state, onMore]);

  const words = { today: t('today'), yesterday: t('yesterday') };
  let lastDay = '';
  return (
    <div class={s.inbox}>
      <div class={s.filters}>
        <input
          type="search"
          aria-label={t('inbox.search')}
          placeholder={t('inbox.search')}
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <select
          aria-label={t('inbox.kind')}
          value={filter.kind ?? ''}
          onChange={(event) =>
            onFilter({ ...filter, kind: event.currentTarget.value as ConversationFilter['kind'] })
          }
        >
          <option value="">{t('inbox.filterAll', { name: t('inbox.kind') })}</option>
          <option value="assistant">{t('inbox.kind.assistant')}</option>
          <option value="group">{t('inbox.kind.group')}</option>
        </select>
        <select
          aria-label={t('inbox.handoff')}
          value={filter.waiting ? 'waiting' : (filter.handoff ?? '')}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onFilter(
              value === 'waiting'
                ? { ...filter, handoff: '', waiting: 'true' }
                : { ...filter, handoff: value as ConversationFilter['handoff'], waiting: '' },
            );
          }}
        >
          <option value="">{t('inbox.filterAll', { name: t('inbox.handoff') })}</option>
          <option value="waiting">{t('inbox.waiting')}</option>
          <option value="true">{t('inbox.handoff.true')}</option>
          <option value="false">{t('inbox.handoff.false')}</option>
        </select>
      </div>
      <InboxScope filter={filter} onFilter={onFilter} />
      <div class={s.status}>
        <span class={connected ? s.live : s.offline} role="status">
          {connected ? t('inbox.live') : t('inbox.offline')}
        </span>
        {permission === 'default' && (
          <button
            type="button"
            class="small"
            onClick={() => Notification.requestPermission().then((answer) => setPermission(answer))}
          >
            {t('inbox.notifications')}
          </button>
        )}
      </div>
      {state.state === 'failed' && <Failed error={state.error} retry={onRetry} />}
      {state.state === 'loading' && state.items.length === 0 && <Loading />}
      {state.state === 'ready' && state.items.length === 0 && <Empty text={t('inbox.empty')} />}
      <ul class={s.list}>
        {state.items.map((item) => {
          const at = item.lastMessageAt ?? item.createdAt;
          const day = dayKey(at);
          const separator = day !== lastDay;
          lastDay = day;
          return [
            separator && (
              <li key={`day-${day}`} class={s.day}>
                {dayLabel(at, lang, words)}
              </li>
            ),
            <li key={item.id}>
              <InboxRow item={item} open={item.id === openId} agents={agents} query={filter.query ?? ''} />
            </li>,
          ];
        })}
        {hasMore && (
          <li ref={sentinel} class={s.more}>
            <button type="button" class="small" onClick={onMore} disabled={state.state === 'loading'}>
              {state.state === 'loading' ? t('loading') : t('more')}
            </button>
          </li>
        )}
      </ul>
    </div>
  );
}
