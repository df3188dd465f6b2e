/**
 * The composer's channel boxes: every channel of this build, the unconfigured ones disabled with the
 * variable that turns them on (GET /api/admin/channels `known`). Until the list loads, or when it
 * cannot, all channels are offered and the API's 400 names what is missing.
 */
import { useI18n } from '../../lib/i18n.js';
import { type KnownChannel, listKnownChannels } from '../../lib/system.js';
import { CHANNEL_LABELS, CHANNEL_NAMES, type ChannelName } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { Check } from '../field/index.js';

function fallback(): KnownChannel[] {
  return CHANNEL_NAMES.map((name) => ({
    name,
    label: CHANNEL_LABELS[name] ?? name,
    configured: true,
    enabledBy: null,
    hint: '',
  }));
}

export function CampaignChannels({
  value,
  onChange,
}: {
  value: ChannelName[];
  onChange(channels: ChannelName[]): void;
}) {
  const { t } = useI18n();
  const known = useLoad(() => listKnownChannels().catch(() => []), []);
  const list = known.load.data?.length ? known.load.data : fallback();
  return (
    <div class="row">
      {list.map((channel) => {
        const off = !channel.configured;
        const hintId = `channel-${channel.name}-hint`;
        return (
          <div key={channel.name}>
            <Check
              id={`channel-${channel.name}`}
              label={CHANNEL_LABELS[channel.name] ?? channel.label}
              checked={value.includes(channel.name)}
              disabled={off && !value.includes(channel.name)}
              {...(off ? { describedBy: hintId } : {})}
              onChange={(on) =>
                onChange(on ? [...value, channel.name] : value.filter((other) => other !== channel.name))
              }
            />
            {off && (
              <p class="muted" id={hintId} title={channel.hint}>
                {t('campaigns.channelOff', {
                  label: CHANNEL_LABELS[channel.name] ?? channel.label,
                  variable: channel.enabledBy ?? '',
                })}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}
