import type { ImportPreview } from '../../lib/contacts.js';
import { type I18n, useI18n } from '../../lib/i18n.js';

const ROW_FIELDS = ['name', 'email', 'phone', 'tags'] as const;

/**
 * Why a row was refused, in the panel's language. The report gives a reason as text ("phone: too
 * short (\"12\")", "already exists"): its field, before the colon, picks the sentence.
 */
export function refusal(reason: string, t: I18n['t']): string {
  if (reason === 'already exists') return t('importError.duplicate');
  const field = ROW_FIELDS.find((name) => reason.startsWith(`${name}:`));
  return t(field ? `importError.${field}` : 'importError.other');
}

/** The first rows of a file as the import would take them, each with what would become of it. */
export function ImportPreviewTable({ preview }: { preview: ImportPreview }) {
  const { t } = useI18n();
  if (preview.rows.length === 0) return null;
  return (
    <section aria-label={t('import.previewTitle', { n: preview.rows.length })}>
      <h3>{t('import.previewTitle', { n: preview.rows.length })}</h3>
      <p role="status">
        {t('import.summary', {
          created: preview.imported,
          updated: preview.updated ?? 0,
          refused: preview.refused.length,
        })}
      </p>
      <div class="table-wrap">
        <table class="data stack">
          <thead>
            <tr>
              <th>{t('import.row')}</th>
              <th>{t('field.name')}</th>
              <th>{t('field.email')}</th>
              <th>{t('field.phone')}</th>
              <th>{t('field.tags')}</th>
              <th>{t('import.result')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.row}>
                <td>{row.row}</td>
                <td>{row.name}</td>
                <td class="wrap">{row.email}</td>
                <td class="nowrap">{row.phone}</td>
                <td>{row.tags}</td>
                <td>
                  <span class={row.action === 'refuse' ? 'badge warn' : 'badge'}>
                    {t(`import.action.${row.action}`)}
                  </span>
                  {row.reason && <> {refusal(row.reason, t)}</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
