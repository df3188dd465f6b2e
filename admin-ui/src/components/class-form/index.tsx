import { useState } from 'preact/hooks';
import { type ClassDef, type ClassInput, type ClassPayment, classes } from '../../lib/bookings.js';
import { isoToLocal, localToIso } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Check, Field } from '../field/index.js';
import { FormActions } from '../form-actions/index.js';
import { FormAlert } from '../form-alert/index.js';

const FIELDS = [
  'title',
  'description',
  'place',
  'startsAt',
  'durationMinutes',
  'capacity',
  'payment',
  'price',
  'repeat.until',
  'repeat.except',
  'reminders',
] as const;
const PAYMENTS: ClassPayment[] = ['free', 'online', 'pack', 'manual'];

/** "24, 2" (hours) → [1440, 120]; a word that is no number stays NaN, which the API refuses by name. */
const toMinutes = (text: string) =>
  text
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((hours) => Math.round(Number(hours.replace(',', '.')) * 60));

const fromMinutes = (minutes: number[]) => minutes.map((m) => String(m / 60)).join(', ');

const dates = (text: string) => text.split(/[,;\s]+/).filter(Boolean);

/** Creates a class, or edits `klass`; the API's field errors show under the fields. */
export function ClassForm({
  klass,
  onSaved,
  onCancel,
}: {
  klass?: ClassDef;
  onSaved(klass: ClassDef): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [v, setV] = useState(() => ({
    title: klass?.title ?? '',
    description: klass?.description ?? '',
    place: klass?.place ?? '',
    startsAt: klass ? isoToLocal(klass.startsAt) : '',
    duration: String(klass?.durationMinutes ?? 60),
    capacity: String(klass?.capacity ?? 10),
    payment: klass?.payment ?? ('free' as ClassPayment),
    amount: klass?.price ? String(klass.price.amount) : '',
    currency: klass?.price?.currency ?? 'CHF',
    weekly: klass ? klass.repeat !== null : true,
    until: klass?.repeat?.until ?? '',
    except: klass?.repeat?.except.join(', ') ?? '',
    reminders: fromMinutes(klass?.reminders ?? [1440, 120]),
  }));
  const set = (key: keyof typeof v) => (value: string) => setV((prev) => ({ ...prev, [key]: value }));
  const submit = useSubmit(FIELDS);
  const idp = klass ? `class-${klass.id}` : 'class-new';
  const err = submit.placed.fields;

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      const input: ClassInput = {
        title: v.title,
        description: v.description,
        place: v.place,
        // The browser's wall-clock time as an instant: the server repeats it weekly in its TIMEZONE.
        startsAt: v.startsAt ? localToIso(v.startsAt) : '',
        durationMinutes: Number(v.duration),
        capacity: Number(v.capacity),
        payment: v.payment,
        price: v.amount.trim() ? { amount: Number(v.amount), currency: v.currency } : null,
        repeat: v.weekly
          ? { weekly: true, ...(v.until ? { until: v.until } : {}), except: dates(v.except) }
          : null,
        reminders: toMinutes(v.reminders),
      };
      onSaved(klass ? await classes.update(klass.id, input) : await classes.create(input));
    });
  };

  return (
    <form class="panel" onSubmit={onSubmit} aria-label={klass ? t('edit') : t('classes.new')}>
      <FormAlert message={submit.placed.form} />
      <div class="grid2">
        <Field
          id={`${idp}-title`}
          label={t('class.title')}
          value={v.title}
          onInput={set('title')}
          required
          error={err.title}
        />
        <Field
          id={`${idp}-place`}
          label={t('class.place')}
          value={v.place}
          onInput={set('place')}
          error={err.place}
        />
      </div>
      <Field
        id={`${idp}-description`}
        label={t('class.description')}
        value={v.description}
        onInput={set('description')}
        rows={2}
        error={err.description}
      />
      <div class="grid2">
        <Field
          id={`${idp}-starts`}
          label={t('class.startsAt')}
          type="datetime-local"
          value={v.startsAt}
          onInput={set('startsAt')}
          required
          error={err.startsAt}
        />
        <Field
          id={`${idp}-duration`}
          label={t('class.duration')}
          type="number"
          min="1"
          value={v.duration}
          onInput={set('duration')}
          error={err.durationMinutes}
        />
        <Field
          id={`${idp}-capacity`}
          label={t('class.capacity')}
          type="number"
          min="1"
          value={v.capacity}
          onInput={set('capacity')}
          error={err.capacity}
        />
        <Field
          id={`${idp}-payment`}
          label={t('class.payment')}
          value={v.payment}
          onInput={set('payment')}
          options={PAYMENTS.map((value) => ({ value, label: t(`class.payment.${value}`) }))}
          error={err.payment}
        />
        <Field
          id={`${idp}-price`}
          label={t('class.price')}
          type="number"
          step="0.05"
          min="0"
          value={v.amount}
          onInput={set('amount')}
          error={err.price}
        />
        <Field
          id={`${idp}-currency`}
          label={t('class.currency')}
          value={v.currency}
          onInput={set('currency')}
        />
      </div>
      <Check
        id={`${idp}-weekly`}
        label={t('class.weekly')}
        checked={v.weekly}
        onChange={(weekly) => setV((prev) => ({ ...prev, weekly }))}
      />
      {v.weekly && (
        <div class="grid2">
          <Field
            id={`${idp}-until`}
            label={t('class.until')}
            type="date"
            value={v.until}
            onInput={set('until')}
            error={err['repeat.until']}
          />
          <Field
            id={`${idp}-except`}
            label={t('class.except')}
            value={v.except}
            onInput={set('except')}
            hint={t('class.exceptHint')}
            error={err['repeat.except']}
          />
        </div>
      )}
      <Field
        id={`${idp}-reminders`}
        label={t('class.reminders')}
        value={v.reminders}
        onInput={set('reminders')}
        hint={t('class.remindersHint')}
        error={err.reminders}
      />
      <FormActions label={klass ? t('save') : t('create')} pending={submit.pending} onCancel={onCancel} />
    </form>
  );
}
