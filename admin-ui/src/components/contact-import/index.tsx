import { useState } from 'preact/hooks';
import { importContacts } from '../../lib/contacts.js';
import { type I18n, useI18n } from '../../lib/i18n.js';
import type { ImportReport } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import { FormAlert } from '../form-alert/index.js';

/** Picks a CSV file, sends it as text/csv, and shows the report: rows imported and rows refused (why). */
export function ContactImport({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const submit = useSubmit(['file']);

  const send = (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setReport(null);
    void submit.run(async () => {
      setReport(await importContacts(await file.text()));
      onImported();
    });
  };

  const error = submit.placed.fields.file;
  return (
    <form class="panel" onSubmit={send}>
      <FormAlert message={submit.placed.form} />
      <div class="row">
        <label for="import-file">{t('contacts.importFile')}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="import-hint"
          aria-invalid={error ? true : undefined}
          onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
        />
        <button type="submit" class="primary" disabled={!file || submit.pending}>
          {t('contacts.import')}
        </button>
      </div>
      <p id="import-hint" class="muted">
        {t('contacts.importHint')}
      </p>
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div role="status">
          <p>
            <strong>{t('contacts.imported', { n: report.imported })}</strong>
          </p>
          {report.refused.length > 0 && (
            <ul>
              {report.refused.map((row) => (
                <li key={row.row}>
                  {t('contacts.refused', { row: row.row, reason: refusal(row.reason, t) })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

const ROW_FIELDS = ['name', 'email', 'phone', 'tags'] as const;

/**
 * Why a row was refused, in the panel's language. The report gives a reason as text ("phone: too
 * short (\"12\")", "already exists"): its field, before the colon, picks the sentence.
 */
function refusal(reason: string, t: I18n['t']): string {
  if (reason === 'already exists') return t('importError.duplicate');
  const field = ROW_FIELDS.find((name) => reason.startsWith(`${name}:`));
  return t(field ? `importError.${field}` : 'importError.other');
}
