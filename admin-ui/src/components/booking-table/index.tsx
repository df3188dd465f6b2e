import { useState } from 'preact/hooks';
import { type Booking, cancelBooking, markPaid } from '../../lib/bookings.js';
import { errorMessage } from '../../lib/error-message.js';
import { dateTime } from '../../lib/format.js';
import { type I18n, useI18n } from '../../lib/i18n.js';
import { FormAlert } from '../form-alert/index.js';

/** Bookings as a table (cards on a phone) with their actions: mark paid, cancel. */
export function BookingTable({
  items,
  onChanged,
  showClass = true,
}: {
  items: Booking[];
  onChanged(booking: Booking): void;
  showClass?: boolean;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState<string | null>(null);
  const act = async (booking: Booking, action: (id: string) => Promise<Booking>) => {
    setPending(booking.id);
    setError(null);
    try {
      // The answer has no contact nor class title: keep the row's.
      onChanged({ ...booking, ...(await action(booking.id)) });
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(null);
    }
  };
  const cancel = (booking: Booking) => {
    const name = booking.contact?.name ?? '';
    if (window.confirm(t('bookings.cancelConfirm', { code: booking.code, name })))
      void act(booking, cancelBooking);
  };
  return (
    <>
      {error != null && <FormAlert message={errorMessage(error, i18n)} />}
      <div class="table-wrap">
        <table class="data stack">
          <thead>
            <tr>
              <th>{t('bookings.code')}</th>
              <th>{t('bookings.person')}</th>
              {showClass && <th>{t('bookings.class')}</th>}
              <th>{t('bookings.status')}</th>
              <th>{t('bookings.paid')}</th>
              <th>
                <span class="visually-hidden">{t('bookings.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((booking) => {
              const open = booking.status !== 'cancelled';
              const warn = booking.status === 'cancelled' || booking.status === 'no_show';
              return (
                <tr key={booking.id} data-code={booking.code}>
                  <td>
                    <code>{booking.code}</code>
                  </td>
                  <td>
                    <strong>{booking.contact?.name || '—'}</strong>
                    <div class="muted">
                      {[booking.contact?.email, booking.contact?.phone].filter(Boolean).join(' · ')}
                    </div>
                  </td>
                  {showClass && (
                    <td>
                      {booking.classTitle}
                      <div class="muted nowrap">{dateTime(booking.startsAt, lang)}</div>
                    </td>
                  )}
                  <td>
                    <span class={warn ? 'badge warn' : 'badge'}>{t(`status.${booking.status}`)}</span>
                  </td>
                  <td>{paidLabel(booking, t)}</td>
                  <td>
                    <div class="row">
                      {open && !booking.paid && booking.classPayment !== 'free' && (
                        <button
                          type="button"
                          class="small"
                          disabled={pending === booking.id}
                          onClick={() => act(booking, markPaid)}
                        >
                          {t('bookings.markPaid')}
                        </button>
                      )}
                      {['booked', 'waiting', 'offered'].includes(booking.status) && (
                        <button
                          type="button"
                          class="small danger"
                          disabled={pending === booking.id}
                          onClick={() => cancel(booking)}
                        >
                          {t('bookings.cancel')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Paid, Unpaid, or Free (a free class's booking is never paid). */
export function paidLabel(booking: Booking, t: I18n['t']): string {
  if (booking.paid) return t('checkIn.paidBadge');
  return booking.classPayment === 'free' ? t('class.payment.free') : t('checkIn.unpaidBadge');
}
