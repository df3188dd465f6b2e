import { useEffect, useState } from 'preact/hooks';
import { type CampaignReach as Reach, campaignReach } from '../../lib/campaign-reach.js';
import { useI18n } from '../../lib/i18n.js';
import { CHANNEL_LABELS, type CampaignTarget, type ChannelName } from '../../lib/types.js';

/**
 * Under the composer's channels: how many people the campaign reaches, and how many have no address on
 * the chosen channels (their deliveries would be skipped). Asked again shortly after each change.
 */
export function CampaignReach({ targets, channels }: { targets: CampaignTarget[]; channels: ChannelName[] }) {
  const { t } = useI18n();
  const [reach, setReach] = useState<Reach | null>(null);
  const key = JSON.stringify([targets, channels]);
  useEffect(() => {
    setReach(null);
    if (targets.length === 0 || channels.length === 0) return;
    let live = true;
    const timer = setTimeout(() => {
      campaignReach(targets, channels).then(
        (answer) => live && setReach(answer),
        () => live && setReach(null),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  if (!reach) return null;
  const missing = channels
    .filter((channel) => (reach.noIdentity[channel] ?? 0) > 0)
    .map((channel) => `${CHANNEL_LABELS[channel] ?? channel}: ${reach.noIdentity[channel]}`)
    .join(', ');
  return (
    <div class={reach.unreachable > 0 || missing ? 'alert' : 'notice'} role="status">
      <p>{t('campaigns.reach', { n: reach.recipients })}</p>
      {reach.unreachable > 0 && <p>{t('campaigns.unreachable', { n: reach.unreachable })}</p>}
      {missing && <p>{t('campaigns.noIdentity', { list: missing })}</p>}
    </div>
  );
}
