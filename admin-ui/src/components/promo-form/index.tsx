import { useState } from 'preact/hooks';
import { promoCodes } from '../../lib/catalog.js';
import { isoToLocal, localToIso } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { PromoCode } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import type { FormProps } from '../resource-list/index.js';
import { FormActions } from '../form-actions/index.js';

const FIELDS = [
  'code',
  'description',
  'discount',
  'discount.percent',
  'discount.amount',
  'validUntil',
  'maxUses',
];

export function PromoForm({ item, onSaved, onCancel }: FormProps<PromoCode>) {
  const { t } = useI18n();
  const [code, setCode] = useState(item?.code ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [percent, setPercent] = useState(item?.discount.percent != null ? String(item.discount.percent) : '');
  const [amount, setAmount] = useState(item?.discount.amount != null ? String(item.discount.amount) : '');
  const [validUntil, setValidUntil] = useState(item?.validUntil ? isoToLocal(item.validUntil) : '');
  const [maxUses, setMaxUses] = useState(item?.maxUses != null ? String(item.maxUses) : '');
  const submit = useSubmit(FIELDS);
  const id = (field: string) => `promo-${item?.id ?? 'new'}-${field}`;
  const err = (field: string) => submit.placed.fields[field];
  const discountError = err('discount') ?? err('discount.percent') ?? err('discount.amount');

  const save = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      const discount: PromoCode['discount'] = {};
      if (percent.trim()) discount.percent = Number(percent);
      if (amount.trim()) discount.amount = Number(amount);
      const input = {
        code,
        description,
        discount,
        validUntil: validUntil ? localToIso(validUntil) : null,
        maxUses: maxUses.trim() ? Number(maxUses) : null,
      };
      onSaved(item ? await promoCodes.update(item.id, input) : await promoCodes.create(input));
    });
  };
  return (
    <form class="panel" onSubmit={save}>
      <FormAlert message={submit.placed.form} />
      <div class="grid2">
        <Field
          id={id('code')}
          label={t('catalog.code')}
          value={code}
          onInput={setCode}
          required
          error={err('code')}
        />
        <Field
          id={id('percent')}
          label={t('catalog.percent')}
          type="number"
          step="any"
          min="0"
          value={percent}
          onInput={setPercent}
          error={discountError}
        />
        <Field
          id={id('amount')}
          label={t('catalog.amount')}
          type="number"
          step="0.01"
          min="0"
          value={amount}
          onInput={setAmount}
        />
        <Field
          id={id('validUntil')}
          label={t('catalog.validUntil')}
          type="datetime-local"
          value={validUntil}
          onInput={setValidUntil}
          error={err('validUntil')}
        />
        <Field
          id={id('maxUses')}
          label={t('catalog.maxUses')}
          type="number"
          min="1"
          value={maxUses}
          onInput={setMaxUses}
          error={err('maxUses')}
        />
      </div>
      <Field
        id={id('description')}
        label={t('catalog.description')}
        value={description}
        onInput={setDescription}
        rows={2}
        error={err('description')}
      />
      <FormActions label={item ? t('save') : t('create')} pending={submit.pending} onCancel={onCancel} />
    </form>
  );
}
