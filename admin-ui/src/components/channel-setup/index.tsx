import { type ChannelsOverview, getChannelsOverview, type KnownChannel } from '../../lib/channel-setup.js';
import { useI18n } from '../../lib/i18n.js';
import { useLoad } from '../../lib/use-load.js';
import { LoadView } from '../load-view/index.js';
import { SETUP_STEPS } from './steps.js';
import s from './style.module.css';

/**
 * Every channel of this build: on or off (with its live state when on), the variables that turn it on
 * (from its descriptor), and for the channels with a guide, the steps to follow.
 */
export function ChannelSetup() {
  const { t } = useI18n();
  const overview = useLoad(getChannelsOverview, []);
  return (
    <section aria-labelledby="setup-title">
      <h2 id="setup-title">{t('chsetup.title')}</h2>
      <LoadView load={overview.load} retry={overview.reload}>
        {(data) => (
          <ul class={s.list}>
            {data.known.map((channel) => (
              <ChannelCard key={channel.name} channel={channel} overview={data} />
            ))}
          </ul>
        )}
      </LoadView>
    </section>
  );
}

function ChannelCard({ channel, overview }: { channel: KnownChannel; overview: ChannelsOverview }) {
  const { t } = useI18n();
  const live = overview.items.find((item) => item.name === channel.name);
  const steps = SETUP_STEPS[channel.name] ?? [];
  const url = overview.publicUrl.replace(/\/+$/, '');
  return (
    <li class="panel" aria-label={channel.label}>
      <h3 class={s.title}>
        {channel.label}{' '}
        <span class={channel.configured ? 'badge' : 'badge warn'}>
          {channel.configured ? t('chsetup.on', { state: live?.state ?? '?' }) : t('chsetup.off')}
        </span>
      </h3>
      {channel.variables.length === 0 ? (
        <p class="muted">{t('chsetup.noVariables')}</p>
      ) : (
        <>
          <p>{channel.configured ? t('chsetup.variablesOn') : t('chsetup.variablesOff')}</p>
          <ul class={s.variables}>
            {channel.variables.map((variable) => (
              <li key={variable.name}>
                <code>{variable.name}</code>{' '}
                <span class="muted">
                  {variable.required ? t('chsetup.required') : t('chsetup.optional')}
                  {variable.secret && ` · ${t('chsetup.secret')}`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {steps.length > 0 && (
        <details class={s.steps} open={!channel.configured}>
          <summary>{t('chsetup.steps')}</summary>
          <ol>
            {steps.map((key) => (
              <li key={key}>{t(key, { url })}</li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
