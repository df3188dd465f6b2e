import { sendTime } from '../../lib/campaigns.js';
import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { Campaign, Page } from '../../lib/types.js';
import type { Loaded } from '../../lib/use-load.js';
import { CampaignProgress } from '../campaign-progress/index.js';
import { LoadView } from '../load-view/index.js';
import s from './style.module.css';

/** One campaign in a list: its name (a link to it), status, when it sends (or sent) and its progress. */
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
      <span class="muted">{dateTime(sendTime(campaign)?.at ?? campaign.updatedAt, lang)}</span>
      {campaign.counts && <CampaignProgress counts={campaign.counts} compact />}
    </li>
  );
}

/** A loaded page of campaigns as a list of rows, with its loading, empty and error states. */
export function CampaignList({ list, empty }: { list: Loaded<Page<Campaign>>; empty: string }) {
  return (
    <LoadView load={list.load} retry={list.reload} isEmpty={(body) => body.items.length === 0} empty={empty}>
      {(body) => (
        <ul class="list">
          {body.items.map((campaign) => (
            <CampaignRow key={campaign.id} campaign={campaign} />
          ))}
        </ul>
      )}
    </LoadView>
  );
}
