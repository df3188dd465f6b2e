import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { listCampaigns } from '../../lib/campaigns.js';
import { useI18n } from '../../lib/i18n.js';
import { useLive } from '../../lib/live.js';
import { CAMPAIGN_STATUSES, type Campaign } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { CampaignComposer } from '../campaign-composer/index.js';
import { CampaignDetail } from '../campaign-detail/index.js';
import { CampaignList } from '../campaign-row/index.js';
import { PageHeader } from '../page-header/index.js';
import { Tabs } from '../tabs/index.js';

/** `/admin/campaigns`: history by status and the composer; `/admin/campaigns/:id`: one campaign. */
export function Campaigns() {
  const { params } = useRoute();
  if (params.id) return <CampaignDetail key={params.id} id={params.id} />;
  return <History />;
}

function History() {
  const { t } = useI18n();
  const { query, route } = useLocation();
  const status = CAMPAIGN_STATUSES.includes(query.status as Campaign['status'])
    ? (query.status as string)
    : '';
  const list = useLoad(() => listCampaigns(status), [status]);
  const [composing, setComposing] = useState(false);

  useLive('delivery', ({ campaignId, status: next, counts }) => {
    if (!counts) return;
    list.set((body) => ({
      ...body,
      items: body.items.map((item) =>
        item.id === campaignId ? { ...item, status: next ?? item.status, counts } : item,
      ),
    }));
  });

  return (
    <>
      <PageHeader title={t('campaigns.title')}>
        <button type="button" class="primary" onClick={() => setComposing(true)} disabled={composing}>
          {t('campaigns.new')}
        </button>
      </PageHeader>
      {composing && (
        <CampaignComposer
          onSaved={(campaign) => route(`/admin/campaigns/${campaign.id}`)}
          onCancel={() => setComposing(false)}
        />
      )}
      <Tabs
        label={t('campaigns.status')}
        current={status}
        onSelect={(key) => route(`/admin/campaigns${key ? `?status=${key}` : ''}`, true)}
        tabs={[
          { key: '', label: t('all') },
          ...CAMPAIGN_STATUSES.map((key) => ({ key, label: t(`campaigns.status.${key}`) })),
        ]}
      />
      <CampaignList list={list} empty={t('campaigns.empty')} />
    </>
  );
}
