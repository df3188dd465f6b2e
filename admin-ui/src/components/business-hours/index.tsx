import { useState } from 'preact/hooks';
import {
  type BusinessHours as Hours,
  type BusinessHoursView,
  getBusinessHours,
  type OpenInterval,
  putBusinessHours,
  WEEKDAYS,
  type Weekday,
} from '../../lib/business-hours.js';
import { useI18n } from '../../lib/i18n.js';
import { useLoad } from '../../lib/use-load.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Check, Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { LoadView } from '../load-view/index.js';
import s from './style.module.css';

const FIELDS = ['enabled', 'awayMessage', 'weekly', ...WEEKDAYS.map((day) => `weekly.${day}`)];

/** The coach's weekly hours (in TIMEZONE) and away message: outside them, a handoff says when they answer. */
export function BusinessHours() {
  const hours = useLoad(getBusinessHours, []);
  return (
    <LoadView load={hours.load} retry={hours.reload}>
      {(data) => <HoursForm initial={data} />}
    </LoadView>
  );
}

function HoursForm({ initial }: { initial: BusinessHoursView }) {
  const { t } = useI18n();
  const [hours, setHours] = useState<Hours>({
    enabled: initial.enabled,
    weekly: initial.weekly,
    awayMessage: initial.awayMessage,
  });
  const [saved, setSaved] = useState(false);
  const submit = useSubmit(FIELDS);
  const setDay = (day: Weekday, intervals: OpenInterval[]) =>
    setHours((current) => ({ ...current, weekly: { ...current.weekly, [day]: intervals } }));

  const save = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      await putBusinessHours(hours);
      setSaved(true);
    });
  };
  const fields = submit.placed.fields;
  return (
    <form class="panel" onSubmit={save} aria-labelledby="hours-title" noValidate>
      <h2 id="hours-title">{t('hours.title')}</h2>
      <p class="muted">{t('hours.intro', { zone: initial.timeZone })}</p>
      <FormAlert message={submit.placed.form} />
      <Check
        id="hours-enabled"
        label={t('hours.enabled')}
        checked={hours.enabled}
        onChange={(enabled) => setHours({ ...hours, enabled })}
      />
      {fields.weekly && (
        <p class="alert" role="alert">
          {fields.weekly}
        </p>
      )}
      <div class={s.week}>
        {WEEKDAYS.map((day) => (
          <DayRow
            key={day}
            day={day}
            intervals={hours.weekly[day]}
            onChange={(intervals) => setDay(day, intervals)}
            error={fields[`weekly.${day}`]}
          />
        ))}
      </div>
      <Field
        id="hours-away"
        label={t('hours.away')}
        rows={3}
        value={hours.awayMessage}
        onInput={(awayMessage) => setHours({ ...hours, awayMessage })}
        hint={t('hours.awayHint')}
        error={fields.awayMessage}
      />
      <div class="row">
        <button type="submit" class="primary" disabled={submit.pending}>
          {t('hours.save')}
        </button>
        {saved && <span role="status">{t('saved')}</span>}
      </div>
    </form>
  );
}

function DayRow({
  day,
  intervals,
  onChange,
  error,
}: {
  day: Weekday;
  intervals: OpenInterval[];
  onChange(intervals: OpenInterval[]): void;
  error: string | undefined;
}) {
  const { t } = useI18n();
  const name = t(`hours.day.${day}`);
  const edit = (index: number, patch: Partial<OpenInterval>) =>
    onChange(intervals.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  return (
    <fieldset class={s.day} aria-invalid={error ? true : undefined}>
      <legend>{name}</legend>
      {intervals.length === 0 && <span class="muted">{t('hours.closed')}</span>}
      {intervals.map((item, index) => (
        <span key={index} class={s.interval}>
          <input
            type="time"
            aria-label={t('hours.from', { day: name, n: index + 1 })}
            value={item.from}
            onInput={(event) => edit(index, { from: event.currentTarget.value })}
          />
          –
          <input
            type="time"
            aria-label={t('hours.to', { day: name, n: index + 1 })}
            value={item.to === '24:00' ? '23:59' : item.to}
            onInput={(event) => edit(index, { to: event.currentTarget.value })}
          />
          <button
            type="button"
            class="small"
            aria-label={t('hours.removeInterval', { day: name, n: index + 1 })}
            onClick={() => onChange(intervals.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </span>
      ))}
      <button
        type="button"
        class="small"
        aria-label={t('hours.addInterval', { day: name })}
        onClick={() => onChange([...intervals, { from: '09:00', to: '17:00' }])}
      >
        + {t('hours.add')}
      </button>
      {error && (
        <p class={s.error} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
