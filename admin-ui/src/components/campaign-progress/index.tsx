import { useI18n } from '../../lib/i18n.js';
import { DELIVERY_STATUSES, type DeliveryCounts } from '../../lib/types.js';
import s from './style.module.css';

/** A bar of the deliveries by state; "done" is everything no longer pending. */
export function CampaignProgress({
  counts,
  compact,
}: {
  counts: Partial<DeliveryCounts>;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const total = DELIVERY_STATUSES.reduce((sum, key) => sum + (counts[key] ?? 0), 0);
  const done = total - (counts.pending ?? 0);
  return (
    <div class={`${s.progress} ${compact ? s.compact : ''}`}>
      <progress
        class={s.bar}
        max={Math.max(1, total)}
        value={done}
        aria-label={t('campaigns.progress', { done, total })}
      />
      <span class={s.label}>{t('campaigns.progress', { done, total })}</span>
      {!compact && (
        <ul class={s.counts}>
          {DELIVERY_STATUSES.map((key) => (
            <li key={key} class={s[key]}>
              {t(`delivery.${key}`)}: <strong>{counts[key] ?? 0}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
