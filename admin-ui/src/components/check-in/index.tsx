import { useEffect, useRef, useState } from 'preact/hooks';
import { type Booking, checkIn, listBookings } from '../../lib/bookings.js';
import { errorMessage } from '../../lib/error-message.js';
import { ApiError } from '../../lib/fetch-json.js';
import { dateTime } from '../../lib/format.js';
import { type I18n, useI18n } from '../../lib/i18n.js';
import { paidLabel } from '../booking-table/index.js';
import { PageHeader } from '../page-header/index.js';
import s from './style.module.css';

type Outcome = { kind: 'done' | 'refused'; booking: Booking | null; text: string };

/** A refused check-in (409) explained from the booking itself: already in, unpaid, or cancelled. */
async function refusal(code: string, error: unknown, i18n: I18n): Promise<Outcome> {
  const { t } = i18n;
  if (error instanceof ApiError && error.status === 404)
    return { kind: 'refused', booking: null, text: t('checkIn.unknown', { code }) };
  if (!(error instanceof ApiError && error.status === 409))
    return { kind: 'refused', booking: null, text: errorMessage(error, i18n) };
  const booking = (await listBookings({ query: code }, 1, 5).catch(() => null))?.items.find(
    (item) => item.code === code,
  );
  const text = !booking
    ? errorMessage(error, i18n)
    : booking.status === 'checked_in'
      ? t('checkIn.already')
      : !booking.paid && booking.status === 'booked'
        ? t('checkIn.unpaid')
        : t('checkIn.notNow', { status: t(`status.${booking.status}`) });
  return { kind: 'refused', booking: booking ?? null, text };
}

/** `/admin/check-in`: at the door, on a phone: a code typed (always) or its QR scanned (where it can). */
export function CheckIn() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [scannable, setScannable] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [noCamera, setNoCamera] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const stopScan = useRef<(() => void) | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!('BarcodeDetector' in globalThis)) return;
    void import('../../lib/qr-scan.js').then((scan) => scan.canScan()).then(setScannable);
    return () => stopScan.current?.();
  }, []);

  const submit = async (typed: string) => {
    const value = typed.trim().toUpperCase();
    if (!value || pending) return;
    setPending(true);
    setOutcome(null);
    try {
      const booking = await checkIn(value);
      setOutcome({ kind: 'done', booking, text: t('checkIn.done') });
      setCode('');
    } catch (error) {
      setOutcome(await refusal(value, error, i18n));
    } finally {
      setPending(false);
      input.current?.focus();
    }
  };

  const scan = async () => {
    setNoCamera(false);
    setScanning(true);
    try {
      const { startScan } = await import('../../lib/qr-scan.js');
      stopScan.current = await startScan(video.current!, (text) => {
        stopScan.current?.();
        setScanning(false);
        setCode(text);
        void submit(text);
      });
    } catch {
      setScanning(false);
      setNoCamera(true);
    }
  };
  const stop = () => {
    stopScan.current?.();
    setScanning(false);
  };

  const booking = outcome?.booking;
  return (
    <div class={s.page}>
      <PageHeader title={t('checkIn.title')} />
      <form
        class={s.form}
        onSubmit={(event) => {
          event.preventDefault();
          void submit(code);
        }}
      >
        <label for="check-in-code">{t('checkIn.code')}</label>
        <input
          ref={input}
          id="check-in-code"
          class={s.code}
          value={code}
          onInput={(event) => setCode(event.currentTarget.value.toUpperCase())}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          maxLength={12}
          required
        />
        <button type="submit" class="primary" disabled={pending}>
          {t('checkIn.submit')}
        </button>
      </form>
      {scannable && (
        <div class={s.scan}>
          <button type="button" onClick={scanning ? stop : scan}>
            {scanning ? t('checkIn.stopScan') : t('checkIn.scan')}
          </button>
          <video ref={video} class={scanning ? s.video : s.hidden} muted playsInline />
          {scanning && <p class="muted">{t('checkIn.scanning')}</p>}
        </div>
      )}
      {noCamera && <p class="alert">{t('checkIn.noCamera')}</p>}
      {outcome && (
        <div class={`${s.result} ${outcome.kind === 'done' ? s.ok : s.refused}`} role="status">
          <p class={s.verdict}>{outcome.text}</p>
          {booking && (
            <>
              <p class={s.name}>{booking.contact?.name}</p>
              <p>
                {booking.classTitle} · {dateTime(booking.startsAt, lang)}
              </p>
              <p>
                <span class={booking.paid || booking.classPayment === 'free' ? 'badge' : 'badge warn'}>
                  {paidLabel(booking, t)}
                </span>{' '}
                <code>{booking.code}</code>
              </p>
            </>
          )}
        </div>
      )}
    </div>
  );
}
