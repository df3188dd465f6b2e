import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { Campaign } from '../../lib/types.js';
import { CampaignProgress } from '../campaign-progress/index.js';
import s from './style.module.css';

/** One campaign in a list: its name (a link to it), status, when it went out and its progress. */
export function CampaignRow({ campaign }: { campaign: Campaign }) {
  const { t, lang } = useI18n();
  return (
    <li class={s.item}>
      <a href={`/admin/campaigns/${campaign.id}`} class={s.name}>
        {campaign.name}
      </a>
      <span class={`badge ${campaign.status === 'failed' ? 'warn' : ''}`}>
        {t(`campaigns.status.${campaign.status}`)}
      </span>
      <span class="muted">{dateTime(campaign.launchedAt ?? campaign.updatedAt, lang)}</span>
      {campaign.counts && <CampaignProgress counts={campaign.counts} compact />}
    </li>
  );
}
