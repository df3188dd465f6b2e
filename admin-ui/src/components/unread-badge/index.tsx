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

/**
 * The count beside the Conversations menu item (nothing when all is read). Drawn from an attribute, so
 * the link's text stays the section's name; assistive technologies read the drawn count with it.
 */
export function UnreadBadge() {
  const { t } = useI18n();
  const count = useUnreadTotal();
  if (!count) return null;
  const label = unreadLabel(count);
  return <span class={s.badge} data-count={label} title={t('inbox.unreadTotal', { n: label })} />;
}
