import { useEffect } from 'preact/hooks';
import { useI18n } from '../../lib/i18n.js';
import { unreadLabel, useUnreadTotal } from '../../lib/unread.js';
import s from './style.module.css';

/** The tab title's "(3) Kora admin" follows the unread total, wherever the agent is in the panel. */
export function useUnreadTitle(): void {
  const count = useUnreadTotal();
  useEffect(() => {
    const base = document.title.replace(/^\(\d+\+?\) /, '');
    document.title = count ? `(${unreadLabel(count)}) ${base}` : base;
  }, [count]);
}

/** The count beside the Conversations menu item (nothing when all is read). */
export function UnreadBadge() {
  const { t } = useI18n();
  const count = useUnreadTotal();
  if (!count) return null;
  return (
    <span class={s.badge} title={t('inbox.unreadTotal', { n: unreadLabel(count) })}>
      {unreadLabel(count)}
      <span class="visually-hidden"> {t('inbox.unreadTotal', { n: unreadLabel(count) })}</span>
    </span>
  );
}
