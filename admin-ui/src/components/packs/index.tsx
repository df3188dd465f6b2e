import { useState } from 'preact/hooks';
import { type Pack, packs } from '../../lib/bookings.js';
import { money } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useLoad } from '../../lib/use-load.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormActions } from '../form-actions/index.js';
import { FormAlert } from '../form-alert/index.js';
import { LoadView } from '../load-view/index.js';

const FIELDS = ['name', 'sessions', 'price'] as const;

/** Packs of sessions sold through Stripe Checkout (or granted): the list and a form to add one. */
export function Packs() {
  const { t, lang } = useI18n();
  const list = useLoad(packs.list, []);
  const [adding, setAdding] = useState(false);
  return (
    <section aria-label={t('classes.packs')}>
      <div class="toolbar">
        <button type="button" class="primary" disabled={adding} onClick={() => setAdding(true)}>
          {t('packs.new')}
        </button>
      </div>
      {adding && (
        <PackForm
          onCancel={() => setAdding(false)}
          onSaved={(pack) => {
            list.set((items) => [...items, pack]);
            setAdding(false);
          }}
        />
      )}
      <LoadView
        load={list.load}
        retry={list.reload}
        isEmpty={(items) => items.length === 0}
        empty={t('packs.empty')}
      >
        {(items) => (
          <ul class="list">
            {items.map((pack) => (
              <li key={pack.id}>
                <strong>{pack.name}</strong>{' '}
                <span class="muted">
                  {t('packs.summary', {
                    n: pack.sessions,
                    price: money(pack.price.amount, pack.price.currency, lang),
                  })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </LoadView>
    </section>
  );
}

function PackForm({ onSaved, onCancel }: { onSaved(pack: Pack): void; onCancel(): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [sessions, setSessions] = useState('10');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('CHF');
  const submit = useSubmit(FIELDS);
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      onSaved(
        await packs.create({ name, sessions: Number(sessions), price: { amount: Number(amount), currency } }),
      );
    });
  };
  return (
    <form class="panel" onSubmit={onSubmit} aria-label={t('packs.new')}>
      <FormAlert message={submit.placed.form} />
      <div class="grid2">
        <Field
          id="pack-name"
          label={t('field.name')}
          value={name}
          onInput={setName}
          required
          error={submit.placed.fields.name}
        />
        <Field
          id="pack-sessions"
          label={t('packs.sessions')}
          type="number"
          min="1"
          value={sessions}
          onInput={setSessions}
          error={submit.placed.fields.sessions}
        />
        <Field
          id="pack-price"
          label={t('class.price')}
          type="number"
          step="0.05"
          min="0"
          value={amount}
          onInput={setAmount}
          error={submit.placed.fields.price}
        />
        <Field id="pack-currency" label={t('class.currency')} value={currency} onInput={setCurrency} />
      </div>
      <FormActions label={t('create')} pending={submit.pending} onCancel={onCancel} />
    </form>
  );
}
