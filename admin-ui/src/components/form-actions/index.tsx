import { useI18n } from '../../lib/i18n.js';

/** A form's submit button (disabled while the form is being sent) and its Cancel button. */
export function FormActions({
  label,
  pending,
  onCancel,
  tone = 'primary',
}: {
  label: string;
  pending: boolean;
  onCancel: () => void;
  tone?: 'primary' | 'danger';
}) {
  const { t } = useI18n();
  return (
    <div class="row">
      <button type="submit" class={tone} disabled={pending}>
        {label}
      </button>
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}
