import { useState } from 'preact/hooks';
import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useLive } from '../../lib/live.js';
import { getScheduler, getWhatsAppQr, listChannels, type WhatsAppQr } from '../../lib/system.js';
import type { ChannelInfo } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { QrCode } from '../qr-code/index.js';
import s from './style.module.css';

const isWhatsAppQr = (channel: ChannelInfo) =>
  channel.name === 'whatsapp' &&
  (channel.provider === 'baileys' || channel.mode === 'socket' || channel.state === 'qr');

/** `/admin/channels`: the state of each channel (live), the WhatsApp QR code with Baileys, the scheduler. */
export function Channels() {
  const { t, lang } = useI18n();
  const channels = useLoad(listChannels, []);
  const scheduler = useLoad(getScheduler, []);
  useLive('channel', (event) => {
    channels.set((items) =>
      items.map((item) =>
        item.name === event.channel ? { ...item, ...(event as object), name: item.name } : item,
      ),
    );
  });

  return (
    <>
      <PageHeader title={t('channels.title')}>
        <button type="button" onClick={channels.reload}>
          {t('retry')}
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
                  {channel.name}
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
                {isWhatsAppQr(channel) && <WhatsAppQrPanel />}
              </li>
            ))}
          </ul>
        )}
      </LoadView>
      <h2>{t('channels.scheduler')}</h2>
      <LoadView load={scheduler.load} retry={scheduler.reload}>
        {(data) => (
          <dl class={`panel ${s.facts}`}>
            {Object.entries(data).map(([key, value]) => (
              <>
                <dt key={`${key}-k`}>{key}</dt>
                <dd key={`${key}-v`}>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
              </>
            ))}
          </dl>
        )}
      </LoadView>
    </>
  );
}

/** The QR code to link a WhatsApp number; a new code arrives on the live feed when the last one expires. */
function WhatsAppQrPanel() {
  const { t } = useI18n();
  const qr = useLoad<WhatsAppQr>(getWhatsAppQr, []);
  const [live, setLive] = useState<string | null>(null);
  useLive('channel', (event) => {
    if (event.channel === 'whatsapp' && typeof event.qr === 'string') setLive(event.qr);
  });
  return (
    <div class={s.qr}>
      <LoadView load={qr.load} retry={qr.reload}>
        {(data) => {
          const text = live ?? data.qr ?? null;
          if (data.dataUrl && !live)
            return <img src={data.dataUrl} alt={t('channels.qr')} width={200} height={200} />;
          if (!text) return <p class="muted">{t('channels.noQr')}</p>;
          return (
            <>
              <p>{t('channels.qr')}</p>
              <QrCode text={text} label={t('channels.qr')} size={200} />
            </>
          );
        }}
      </LoadView>
    </div>
  );
}
