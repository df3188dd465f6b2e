import { time } from '../../lib/format.js';
import { highlightParts } from '../../lib/highlight.js';
import { type MessageKey, useI18n } from '../../lib/i18n.js';
import type { Agent, InboxConversation } from '../../lib/inbox.js';
import s from './style.module.css';

interface Props {
  item: InboxConversation;
  open: boolean;
  agents: Agent[];
  /** The search typed, to mark what the passage matched. */
  query: string;
}

/** One conversation of the inbox: who, the newest message (or the passage a search matched), unread, agent. */
export function InboxRow({ item, open, agents, query }: Props) {
  const { t, lang } = useI18n();
  const at = item.lastMessageAt ?? item.createdAt;
  const summary = item.inbox;
  const unread = summary?.unread ?? 0;
  const agent = summary?.assigneeId ? agents.find((a) => a.id === summary.assigneeId) : undefined;
  const last = summary?.lastMessage;
  return (
    <a
      href={`/admin/conversations/${item.id}`}
      class={`${s.row} ${unread > 0 ? s.unread : ''}`}
      aria-current={open ? 'true' : undefined}
    >
      <span class={s.top}>
        <span class={s.title}>{item.title || '—'}</span>
        <span class={s.time}>{time(at, lang)}</span>
      </span>
      {item.match ? (
        <span class={s.preview} data-testid="match">
          {highlightParts(item.match.text, query).map((part, i) =>
            part.hit ? <mark key={i}>{part.text}</mark> : part.text,
          )}
        </span>
      ) : (
        last && (
          <span class={s.preview}>
            <span class={s.sender}>
              {last.senderType === 'contact' ? last.senderName : t(`sender.${last.senderType}` as MessageKey)}
              :
            </span>{' '}
            {last.text}
          </span>
        )
      )}
      <span class={s.meta}>
        {item.handoff && <span class="badge warn">{t('inbox.handoff')}</span>}
        {!item.handoff && item.coachNeededAt && <span class="badge warn">{t('inbox.question')}</span>}
        {item.kind === 'group' && <span class="badge">{t('inbox.badge.group')}</span>}
        {summary?.status === 'resolved' && <span class="badge">{t('inbox.resolved')}</span>}
        {agent && <span class={s.agent}>{t('inbox.assignedTo', { name: agent.name })}</span>}
        {unread > 0 && (
          <span class={s.count} title={t('inbox.unreadCount', { n: unread })}>
            {unread > 99 ? '99+' : unread}
            <span class="visually-hidden"> {t('inbox.unreadCount', { n: unread })}</span>
          </span>
        )}
      </span>
    </a>
  );
}
