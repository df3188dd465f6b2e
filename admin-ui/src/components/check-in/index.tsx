import { useRef, useState } from 'preact/hooks';
import { type Booking, checkIn, listBookings } from '../../lib/bookings.js';
import { errorMessage } from '../../lib/error-message.js';
import { ApiError } from '../../lib/fetch-json.js';
import { dateTime } from '../../lib/format.js';
import { type I18n, useI18n } from '../../lib/i18n.js';
import { paidLabel } from '../booking-table/index.js';
import { PageHeader } from '../page-header/index.js';
import { Scanner } from './scanner.js';
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
  const input = useRef<HTMLInputElement>(null);

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
      <Scanner
        onCode={(text) => {
          setCode(text);
          void submit(text);
        }}
      />
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
