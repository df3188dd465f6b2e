import { useI18n } from '../../lib/i18n.js';
import type { Message } from '../../lib/types.js';

/** Above a message sent for a campaign: says so, with the campaign's name and a link to it. */
export function CampaignMark({ message }: { message: Message }) {
  const { t } = useI18n();
  const id = message.campaign?.id ?? message.campaignId;
  if (!id) return null;
  const name = message.campaign?.name;
  return (
    <a class="badge" href={`/admin/campaigns/${encodeURIComponent(id)}`}>
      {name ? t('campaigns.markNamed', { name }) : t('campaigns.mark')}
    </a>
  );
}
