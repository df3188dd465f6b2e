import { useState } from 'preact/hooks';
import { type ClassDef, classes } from '../../lib/bookings.js';
import { errorMessage } from '../../lib/error-message.js';
import { money, time } from '../../lib/format.js';
import { type I18n, useI18n } from '../../lib/i18n.js';
import { useLoad } from '../../lib/use-load.js';
import { ClassForm } from '../class-form/index.js';
import { FormAlert } from '../form-alert/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { Packs } from '../packs/index.js';
import { WeekView } from '../week-view/index.js';
import s from './style.module.css';

type Tab = 'week' | 'list' | 'packs';

/** `/admin/classes`: the week's sessions, the classes (create, edit, delete) and the packs. */
export function Classes() {
  const i18n = useI18n();
  const { t } = i18n;
  const [tab, setTab] = useState<Tab>('week');
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useLoad(classes.list, []);
  const saved = (klass: ClassDef) => {
    list.set((items) =>
      items.some((item) => item.id === klass.id)
        ? items.map((item) => (item.id === klass.id ? klass : item))
        : [...items, klass],
    );
    setEditing(null);
    setTab('list');
  };
  const remove = async (klass: ClassDef) => {
    if (!window.confirm(t('classes.deleteConfirm', { title: klass.title }))) return;
    setError(null);
    try {
      await classes.remove(klass.id);
      list.set((items) => items.filter((item) => item.id !== klass.id));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <>
      <PageHeader title={t('classes.title')}>
        <button type="button" class="primary" disabled={editing === 'new'} onClick={() => setEditing('new')}>
          {t('classes.new')}
        </button>
      </PageHeader>
      {error != null && <FormAlert message={errorMessage(error, i18n)} />}
      {editing === 'new' && <ClassForm onSaved={saved} onCancel={() => setEditing(null)} />}
      <div class={s.tabs} role="tablist">
        {(['week', 'list', 'packs'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            class={tab === name ? s.current : ''}
            onClick={() => setTab(name)}
          >
            {t(`classes.${name}`)}
          </button>
        ))}
      </div>
      {tab === 'week' && <WeekView key={list.load.data?.length ?? 0} />}
      {tab === 'packs' && <Packs />}
      {tab === 'list' && (
        <LoadView
          load={list.load}
          retry={list.reload}
          isEmpty={(items) => items.length === 0}
          empty={t('classes.empty')}
        >
          {(items) => (
            <ul class="list">
              {items.map((klass) =>
                editing === klass.id ? (
                  <li key={klass.id}>
                    <ClassForm klass={klass} onSaved={saved} onCancel={() => setEditing(null)} />
                  </li>
                ) : (
                  <li key={klass.id} class={s.klass}>
                    <div>
                      <h2 class={s.name}>{klass.title}</h2>
                      <p class="muted">{summary(klass, i18n)}</p>
                    </div>
                    <div class="row">
                      <button type="button" class="small" onClick={() => setEditing(klass.id)}>
                        {t('edit')}
                      </button>
                      <button type="button" class="small danger" onClick={() => remove(klass)}>
                        {t('delete')}
                      </button>
                    </div>
                  </li>
                ),
              )}
            </ul>
          )}
        </LoadView>
      )}
    </>
  );
}

/** "Every Tuesday at 18:30 until 30 Jun · 60 min · 12 places · CHF 25 · Paid at the door · Studio". */
function summary(klass: ClassDef, { t, lang }: I18n): string {
  const start = new Date(klass.startsAt);
  const when = klass.repeat
    ? [
        t('classes.weekly', {
          day: start.toLocaleDateString(lang, { weekday: 'long' }),
          time: time(klass.startsAt, lang),
        }),
        klass.repeat.until
          ? t('classes.until', { date: new Date(`${klass.repeat.until}T12:00`).toLocaleDateString(lang) })
          : '',
      ]
        .filter(Boolean)
        .join(' ')
    : t('classes.once', { date: start.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }) });
  return [
    when,
    `${klass.durationMinutes} min`,
    `${klass.capacity} ${t('class.capacity').toLowerCase()}`,
    klass.price ? money(klass.price.amount, klass.price.currency, lang) : '',
    t(`class.payment.${klass.payment}`),
    klass.place,
  ]
    .filter(Boolean)
    .join(' · ');
}
