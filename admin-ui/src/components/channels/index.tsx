import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useLive } from '../../lib/live.js';
import { listChannels } from '../../lib/system.js';
import { CHANNEL_LABELS, type ChannelInfo } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { ChannelSetup } from '../channel-setup/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { SchedulerStatus } from '../scheduler-status/index.js';
import { WhatsAppQrPanel } from '../whatsapp-qr/index.js';
import s from './style.module.css';

const isWhatsAppQr = (channel: ChannelInfo) =>
  channel.name === 'whatsapp' &&
  (channel.provider === 'baileys' || channel.mode === 'socket' || channel.state === 'qr');

/** `/admin/channels`: the state of each channel (live), the WhatsApp QR code with Baileys, the scheduler. */
export function Channels() {
  const { t, lang } = useI18n();
  const channels = useLoad(listChannels, []);
  useLive('channel', (event) => {
    channels.set((items) =>
      items.map((item) =>
        item.name === event.channel ? { ...item, ...event.status, name: item.name } : item,
      ),
    );
  });

  return (
    <>
      <PageHeader title={t('channels.title')}>
        <button type="button" onClick={channels.reload}>
          {t('refresh')}
        </button>
      </PageHeader>
      <LoadView
        load={channels.load}
        retry={channels.reload}
        isEmpty={(items) => items.length === 0}
        empty={t('channels.empty')}
      >
        {(items) => (
          <ul class={s.grid}>
            {items.map((channel) => (
              <li key={channel.name} class="panel">
                <h2 class={s.name}>
                  {CHANNEL_LABELS[channel.name] ?? channel.name}
                  <span class={`${s.state} ${s[channel.state ?? ''] ?? ''}`}>
                    {channel.state ?? (channel.enabled === false ? 'off' : '?')}
                  </span>
                </h2>
                <dl class={s.facts}>
                  {channel.provider && (
                    <>
                      <dt>Provider</dt>
                      <dd>{channel.provider}</dd>
                    </>
                  )}
                  {channel.account && (
                    <>
                      <dt>{t('channels.account')}</dt>
                      <dd>{channel.account}</dd>
                    </>
                  )}
                  {channel.mode && (
                    <>
                      <dt>{t('channels.mode')}</dt>
                      <dd>{channel.mode}</dd>
                    </>
                  )}
                  {channel.detail && (
                    <>
                      <dt>{t('channels.state')}</dt>
                      <dd>{channel.detail}</dd>
                    </>
                  )}
                  {channel.lastError && (
                    <>
                      <dt>{t('channels.lastError')}</dt>
                      <dd>
                        {channel.lastError.code && <code>{channel.lastError.code}</code>}{' '}
                        {channel.lastError.message} · {dateTime(channel.lastError.at, lang)}
                      </dd>
                    </>
                  )}
                </dl>
                {isWhatsAppQr(channel) && (
                  <div class={s.qr}>
                    <WhatsAppQrPanel />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </LoadView>
      <ChannelSetup />
      <h2>{t('channels.scheduler')}</h2>
      <div class="panel">
        <SchedulerStatus />
      </div>
    </>
  );
}
