import { useState } from 'preact/hooks';
import {
  addDays,
  type ClassSession,
  cancelSession,
  listSessions,
  weekStart,
  ymd,
} from '../../lib/bookings.js';
import { errorMessage } from '../../lib/error-message.js';
import { time } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useBookingLive } from '../../lib/use-booking-live.js';
import { useLoad } from '../../lib/use-load.js';
import { LoadView } from '../load-view/index.js';
import s from './style.module.css';

/** A week of sessions (Monday to Sunday), day by day: places booked and left, waiting, cancelled. */
export function WeekView() {
  const { t, lang } = useI18n();
  const [monday, setMonday] = useState(() => weekStart(new Date()));
  const sessions = useLoad(() => listSessions(ymd(monday), ymd(addDays(monday, 7))), [monday]);
  useBookingLive(sessions.reload);
  const days = [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(monday, i));
  const dayName = (date: Date) =>
    date.toLocaleDateString(lang, { weekday: 'long', day: 'numeric', month: 'short' });
  return (
    <section aria-label={t('classes.weekOf', { date: dayName(monday) })}>
      <div class="toolbar">
        <button type="button" onClick={() => setMonday(addDays(monday, -7))}>
          ‹ <span class="visually-hidden">{t('classes.prevWeek')}</span>
        </button>
        <strong class={s.week}>{t('classes.weekOf', { date: dayName(monday) })}</strong>
        <button type="button" onClick={() => setMonday(addDays(monday, 7))}>
          › <span class="visually-hidden">{t('classes.nextWeek')}</span>
        </button>
        <button type="button" onClick={() => setMonday(weekStart(new Date()))}>
          {t('classes.thisWeek')}
        </button>
      </div>
      <LoadView
        load={sessions.load}
        retry={sessions.reload}
        isEmpty={(items) => items.length === 0}
        empty={t('classes.noSessions')}
      >
        {(items) => (
          <div class={s.days}>
            {days.map((day) => {
              const today = items.filter((item) => ymd(new Date(item.startsAt)) === ymd(day));
              if (today.length === 0) return null;
              return (
                <section key={ymd(day)} class={s.day} aria-label={dayName(day)}>
                  <h2 class={s.dayName}>{dayName(day)}</h2>
                  <ul class="list">
                    {today.map((session) => (
                      <SessionItem key={session.id} session={session} onCancelled={sessions.reload} />
                    ))}
                  </ul>
                </section>
              );
            })}
          </div>
        )}
      </LoadView>
    </section>
  );
}

function SessionItem({ session, onCancelled }: { session: ClassSession; onCancelled(): void }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const left = Math.max(0, session.capacity - session.booked);
  const when = new Date(session.startsAt).toLocaleDateString(lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });
  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await cancelSession(session.id);
      setConfirming(false);
      onCancelled();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <li class={`${s.session} ${session.cancelled ? s.off : ''}`} data-session={session.id}>
      <div class={s.head}>
        <span class={s.time}>{time(session.startsAt, lang)}</span>
        <strong>{session.title}</strong>
        {session.cancelled ? (
          <span class="badge warn">{t('classes.cancelled')}</span>
        ) : (
          <span class={left === 0 ? 'badge warn' : 'badge'}>
            {t('classes.places', { booked: session.booked, capacity: session.capacity, left })}
          </span>
        )}
        {session.waiting > 0 && <span class="badge">{t('classes.waiting', { n: session.waiting })}</span>}
      </div>
      <div class="row">
        <a class="button-link" href={`/admin/attendance/${encodeURIComponent(session.id)}`}>
          {t('classes.attendance')}
        </a>
        {!session.cancelled && !confirming && (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            {t('classes.cancelDate')}
          </button>
        )}
      </div>
      {confirming && (
        <div class={s.confirm} role="alertdialog" aria-label={t('classes.cancelDate')}>
          <p>
            {t(
              session.booked + session.waiting === 0 ? 'classes.cancelConfirmNone' : 'classes.cancelConfirm',
              {
                title: session.title,
                date: when,
                n: session.booked + session.waiting,
              },
            )}
          </p>
          <div class="row">
            <button type="button" class="danger" disabled={pending} onClick={confirm}>
              {t('classes.cancelYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('classes.keep')}
            </button>
          </div>
        </div>
      )}
      {error != null && (
        <p class="alert" role="alert">
          {errorMessage(error, i18n)}
        </p>
      )}
    </li>
  );
}
