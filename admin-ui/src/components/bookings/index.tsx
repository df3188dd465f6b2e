import { useEffect, useState } from 'preact/hooks';
import { type BookingFilter, exportUrl, listBookings } from '../../lib/bookings.js';
import { useI18n } from '../../lib/i18n.js';
import { useBookingLive } from '../../lib/use-booking-live.js';
import { useLoad } from '../../lib/use-load.js';
import { BookingTable } from '../booking-table/index.js';
import { Field } from '../field/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';

const LIMIT = 25;
/** Typing waits this long before the list follows, so a word is one request. */
const SEARCH_DELAY_MS = 300;
const STATUSES = ['booked', 'waiting', 'offered', 'checked_in', 'no_show', 'cancelled'] as const;

/** `/admin/bookings`: search, filters (paid, status: checked in, waiting list…), pages, CSV export. */
export function Bookings() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [filter, setFilter] = useState<BookingFilter>({ query: '', status: '', paid: '' });
  const [page, setPage] = useState(1);
  useEffect(() => {
    const timer = setTimeout(() => {
      setFilter((previous) => (previous.query === text ? previous : { ...previous, query: text }));
      setPage(1);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const list = useLoad(() => listBookings(filter, page, LIMIT), [filter, page]);
  useBookingLive(list.reload);
  const choose = (key: 'status' | 'paid') => (value: string) => {
    setFilter((previous) => ({ ...previous, [key]: value }));
    setPage(1);
  };
  const pages = Math.max(1, Math.ceil((list.load.data?.total ?? 0) / LIMIT));
  return (
    <>
      <PageHeader title={t('bookings.title')}>
        <a class="button-link" href={exportUrl({ ...filter, query: text })} download>
          {t('bookings.export')}
        </a>
      </PageHeader>
      <div class="toolbar">
        <Field
          id="bookings-search"
          type="search"
          label={t('bookings.search')}
          placeholder={t('bookings.searchHint')}
          value={text}
          onInput={setText}
        />
        <Field
          id="bookings-status"
          label={t('bookings.status')}
          value={filter.status ?? ''}
          onInput={choose('status')}
          options={[
            { value: '', label: t('bookings.any') },
            ...STATUSES.map((value) => ({ value, label: t(`status.${value}`) })),
          ]}
        />
        <Field
          id="bookings-paid"
          label={t('bookings.paid')}
          value={filter.paid ?? ''}
          onInput={choose('paid')}
          options={[
            { value: '', label: t('bookings.any') },
            { value: 'true', label: t('bookings.paid') },
            { value: 'false', label: t('bookings.unpaid') },
          ]}
        />
      </div>
      <LoadView
        load={list.load}
        retry={list.reload}
        isEmpty={(data) => data.items.length === 0}
        empty={t('bookings.empty')}
      >
        {(data) => (
          <>
            <BookingTable
              items={data.items}
              onChanged={(booking) =>
                list.set((current) => ({
                  ...current,
                  items: current.items.map((item) => (item.id === booking.id ? booking : item)),
                }))
              }
            />
            <div class="row spaced">
              <span class="muted">
                {t(data.total === 1 ? 'bookings.count.one' : 'bookings.count.other', { n: data.total })}
              </span>
              {pages > 1 && (
                <>
                  <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                    {t('bookings.prev')}
                  </button>
                  <span class="muted">{t('bookings.pageOf', { page, pages })}</span>
                  <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                    {t('bookings.next')}
                  </button>
                </>
              )}
            </div>
          </>
        )}
      </LoadView>
    </>
  );
}
