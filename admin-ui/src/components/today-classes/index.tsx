import { addDays, classes, listBookings, listSessions, ymd } from '../../lib/bookings.js';
import { money, time } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useBookingLive } from '../../lib/use-booking-live.js';
import { useLoad } from '../../lib/use-load.js';
import s from './style.module.css';

/** Paid bookings of today's sessions: a class has tens of places, a day a few classes. */
const PAID_LIMIT = 100;

async function loadToday() {
  const today = new Date();
  const [sessions, paid, list] = await Promise.all([
    listSessions(ymd(today), ymd(addDays(today, 1))),
    listBookings({ query: ymd(today), paid: 'true' }, 1, PAID_LIMIT),
    classes.list(),
  ]);
  const prices = new Map(list.map((klass) => [klass.id, klass.price]));
  // Sums per currency: a coach may price classes in more than one.
  const totals = new Map<string, number>();
  for (const booking of paid.items) {
    const price = prices.get(booking.classId);
    if (booking.status === 'cancelled' || !price) continue;
    totals.set(price.currency, (totals.get(price.currency) ?? 0) + price.amount);
  }
  return { sessions, paid: paid.items.filter((b) => b.status !== 'cancelled').length, totals };
}

/** The dashboard's "today's classes": each with its places left, and what was paid for them. */
export function TodayClasses() {
  const { t, lang } = useI18n();
  const today = useLoad(loadToday, []);
  useBookingLive(today.reload);
  const data = today.load.data;
  // Sessions are the owner's (an agent's 403): then the section is simply not there.
  if (!data) return null;
  const amount = [...data.totals].map(([currency, sum]) => money(sum, currency, lang)).join(' + ');
  return (
    <section aria-labelledby="today-classes-heading" class={s.section}>
      <h2 id="today-classes-heading" class={s.heading}>
        {t('today.classes')}
      </h2>
      {data.sessions.length === 0 ? (
        <p class="muted">{t('today.none')}</p>
      ) : (
        <ul class="list">
          {data.sessions.map((session) => (
            <li key={session.id} class={s.item}>
              <span class={s.time}>{time(session.startsAt, lang)}</span>
              <a href={`/admin/attendance/${encodeURIComponent(session.id)}`}>{session.title}</a>
              {session.cancelled ? (
                <span class="badge warn">{t('classes.cancelled')}</span>
              ) : (
                <span class="badge">
                  {t('today.left', {
                    left: Math.max(0, session.capacity - session.booked),
                    capacity: session.capacity,
                  })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <p class={s.paid}>
        {data.paid === 0
          ? t('today.paymentsNone')
          : t(data.paid === 1 ? 'today.payments.one' : 'today.payments.other', {
              n: data.paid,
              amount: amount || '—',
            })}
      </p>
    </section>
  );
}
