import { useRoute } from 'preact-iso';
import { type Booking, listBookings, listSessions } from '../../lib/bookings.js';
import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useBookingLive } from '../../lib/use-booking-live.js';
import { useLoad } from '../../lib/use-load.js';
import { BookingTable } from '../booking-table/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';

/** A session's whole sheet fits one page (a class has tens of places). */
const SHEET_LIMIT = 100;

/** `<classId>-<YYYYMMDD>` → that day's session, for its title and start even when no one booked. */
async function sessionOf(id: string) {
  const day = /-(\d{4})(\d{2})(\d{2})$/.exec(id);
  if (!day) return null;
  const from = `${day[1]}-${day[2]}-${day[3]}`;
  const next = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + 1));
  const sessions = await listSessions(from, next.toISOString().slice(0, 10));
  return sessions.find((session) => session.id === id) ?? null;
}

const count = (items: Booking[], ...statuses: Booking['status'][]) =>
  items.filter((item) => statuses.includes(item.status)).length;

/** `/admin/attendance/:id`: who is booked on a session, checked in, absent, paid; printable. */
export function AttendanceSheet() {
  const { t, lang } = useI18n();
  const id = useRoute().params.id ?? '';
  const sheet = useLoad(async () => {
    const [bookings, session] = await Promise.all([
      listBookings({ sessionId: id }, 1, SHEET_LIMIT),
      sessionOf(id).catch(() => null),
    ]);
    return { items: bookings.items, session };
  }, [id]);
  useBookingLive(sheet.reload);
  return (
    <LoadView load={sheet.load} retry={sheet.reload}>
      {({ items, session }) => {
        const title = session?.title ?? items[0]?.classTitle ?? '';
        const at = session?.startsAt ?? items[0]?.startsAt;
        const active = items.filter((item) => item.status !== 'cancelled');
        return (
          <>
            <PageHeader title={t('attendance.title', { title })}>
              <button type="button" onClick={() => window.print()}>
                {t('attendance.print')}
              </button>
            </PageHeader>
            {at && <p class="muted">{dateTime(at, lang)}</p>}
            <p role="status">
              {t('attendance.summary', {
                booked: count(items, 'booked', 'offered', 'checked_in', 'no_show'),
                checked: count(items, 'checked_in'),
                noShow: count(items, 'no_show'),
                paid: active.filter((item) => item.paid).length,
                waiting: count(items, 'waiting'),
              })}
            </p>
            {items.length === 0 ? (
              <p class="muted">{t('bookings.empty')}</p>
            ) : (
              <BookingTable
                items={items}
                showClass={false}
                onChanged={(booking) =>
                  sheet.set((data) => ({
                    ...data,
                    items: data.items.map((item) => (item.id === booking.id ? booking : item)),
                  }))
                }
              />
            )}
            <p class="spaced">
              <a href="/admin/classes">{t('attendance.back')}</a>
            </p>
          </>
        );
      }}
    </LoadView>
  );
}
