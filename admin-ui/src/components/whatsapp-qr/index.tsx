import { useEffect } from 'preact/hooks';
import { useI18n } from '../../lib/i18n.js';
import { useLive } from '../../lib/live.js';
import { getWhatsAppQr } from '../../lib/system.js';
import { useLoad } from '../../lib/use-load.js';
import { LoadView } from '../load-view/index.js';

// Baileys rotates the code about every 20 s; the route says to ask again (a `channel` event also refreshes it).
const REFRESH_MS = 15_000;

/** The QR code that links a WhatsApp number (Baileys), until the link is made. */
export function WhatsAppQrPanel() {
  const { t } = useI18n();
  const qr = useLoad(getWhatsAppQr, []);
  const waiting = qr.load.data?.qr != null;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(qr.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [waiting, qr.reload]);
  useLive('channel', (event) => {
    if (event.channel === 'whatsapp') qr.reload();
  });
  return (
    <LoadView load={qr.load} retry={qr.reload}>
      {(data) =>
        data.qr ? (
          <figure>
            <img src={data.qr.dataUrl} alt={t('channels.qr')} width={200} height={200} />
            <figcaption>{t('channels.qr')}</figcaption>
          </figure>
        ) : (
          <p class="muted">{t('channels.noQr')}</p>
        )
      }
    </LoadView>
  );
}
