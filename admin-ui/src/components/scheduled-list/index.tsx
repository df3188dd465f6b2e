import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../lib/error-message.js';
import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { cancelScheduled, listScheduled, type ScheduledMessage } from '../../lib/inbox.js';
import { useLive } from '../../lib/live.js';
import { useLoad } from '../../lib/use-load.js';
import s from './style.module.css';

const SHOWN = new Set(['scheduled', 'sending', 'failed']);

/** Upserts a scheduled message in send-time order; one sent or cancelled leaves the list. */
export function mergeScheduled(items: ScheduledMessage[], next: ScheduledMessage): ScheduledMessage[] {
  const others = items.filter((item) => item.id !== next.id);
  if (!SHOWN.has(next.status)) return others;
  return [...others, next].sort((a, b) => a.sendAt.localeCompare(b.sendAt) || a.id.localeCompare(b.id));
}

/** The messages of this conversation waiting to go later, each with its time and a cancel button. */
export function ScheduledList({
  conversationId,
  added,
}: {
  conversationId: string;
  /** The one the composer just scheduled (the live feed tells it too, unless it is cut). */
  added: ScheduledMessage | null;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const scheduled = useLoad(() => listScheduled(conversationId), [conversationId]);
  const [error, setError] = useState<unknown>(null);
  useLive('scheduled', (event) => {
    if (event.conversationId === conversationId)
      scheduled.set((items) => mergeScheduled(items, event.scheduled));
  });
  useLive('resynced', () => scheduled.reload());
  useEffect(() => {
    if (added) scheduled.set((items) => mergeScheduled(items, added));
  }, [added]);
  const items = scheduled.load.data ?? [];
  if (items.length === 0 && error == null) return null;
  const cancel = async (item: ScheduledMessage) => {
    setError(null);
    try {
      const cancelled = await cancelScheduled(conversationId, item.id);
      scheduled.set((current) => mergeScheduled(current, cancelled));
    } catch (failure) {
      setError(failure);
      scheduled.reload();
    }
  };
  return (
    <ul class={s.list} aria-label={t('later.list')}>
      {items.map((item) => (
        <li key={item.id} class={`${s.item} ${item.status === 'failed' ? s.failed : ''}`}>
          <span class={s.when}>
            {item.status === 'failed'
              ? t('later.failed', { error: item.error?.message ?? '' })
              : t('later.at', { at: dateTime(item.sendAt, lang) })}
          </span>
          <span class={s.text}>{item.text}</span>
          {item.status === 'scheduled' && (
            <button type="button" class="small" onClick={() => cancel(item)}>
              {t('later.cancel')}
            </button>
          )}
        </li>
      ))}
      {error != null && (
        <li class="alert" role="alert">
          {errorMessage(error, i18n)}
        </li>
      )}
    </ul>
  );
}
