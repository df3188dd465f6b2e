import { useState } from 'preact/hooks';
import { offers } from '../../lib/catalog.js';
import { useI18n } from '../../lib/i18n.js';
import type { Offer } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Check, Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import type { FormProps } from '../resource-list/index.js';
import { FormActions } from '../form-actions/index.js';

const FIELDS = ['name', 'kind', 'description', 'price', 'currency', 'paymentUrl', 'visible'];

export function OfferForm({ item, onSaved, onCancel }: FormProps<Offer>) {
  const { t } = useI18n();
  const [name, setName] = useState(item?.name ?? '');
  const [kind, setKind] = useState<Offer['kind']>(item?.kind ?? 'course');
  const [description, setDescription] = useState(item?.description ?? '');
  const [price, setPrice] = useState(item ? String(item.price) : '');
  const [currency, setCurrency] = useState(item?.currency ?? 'CHF');
  const [paymentUrl, setPaymentUrl] = useState(item?.paymentUrl ?? '');
  const [visible, setVisible] = useState(item?.visible ?? true);
  const submit = useSubmit(FIELDS);
  const id = (field: string) => `offer-${item?.id ?? 'new'}-${field}`;
  const err = (field: string) => submit.placed.fields[field];

  const save = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      const input = {
        name,
        kind,
        description,
        price: price.trim() === '' ? Number.NaN : Number(price),
        currency,
        paymentUrl: paymentUrl.trim() || null,
        visible,
      };
      onSaved(item ? await offers.update(item.id, input) : await offers.create(input));
    });
  };
  return (
    <form class="panel" onSubmit={save}>
      <FormAlert message={submit.placed.form} />
      <div class="grid2">
        <Field
          id={id('name')}
          label={t('field.name')}
          value={name}
          onInput={setName}
          required
          error={err('name')}
        />
        <Field
          id={id('kind')}
          label={t('catalog.kind')}
          value={kind}
          onInput={(value) => setKind(value as Offer['kind'])}
          options={(['course', 'product', 'service'] as const).map((value) => ({
            value,
            label: t(`catalog.kind.${value}`),
          }))}
          error={err('kind')}
        />
        <Field
          id={id('price')}
          label={t('catalog.price')}
          type="number"
          step="0.01"
          min="0"
          value={price}
          onInput={setPrice}
          error={err('price')}
        />
        <Field
          id={id('currency')}
          label={t('catalog.currency')}
          value={currency}
          onInput={setCurrency}
          error={err('currency')}
        />
      </div>
      <Field
        id={id('description')}
        label={t('catalog.description')}
        value={description}
        onInput={setDescription}
        rows={3}
        error={err('description')}
      />
      <Field
        id={id('paymentUrl')}
        label={t('catalog.paymentUrl')}
        type="url"
        value={paymentUrl}
        onInput={setPaymentUrl}
        placeholder="https://"
        error={err('paymentUrl')}
      />
      <Check id={id('visible')} label={t('catalog.visible')} checked={visible} onChange={setVisible} />
      <FormActions label={item ? t('save') : t('create')} pending={submit.pending} onCancel={onCancel} />
    </form>
  );
}
