import { useRef, useState } from 'preact/hooks';
import {
  IMPORT_FIELDS,
  type ImportColumns,
  type ImportPreview as Preview,
  previewImport,
  runImport,
} from '../../lib/contacts.js';
import { useI18n } from '../../lib/i18n.js';
import type { ImportReport } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Check } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { ImportPreviewTable, refusal } from '../import-preview/index.js';
import s from './style.module.css';

/**
 * Picks a CSV file and previews it (nothing written): which column holds what (guessed, changeable),
 * whether known contacts are updated, what each of the first rows would become. Then imports it
 * with those choices and shows the report: rows imported, updated and refused (why).
 */
export function ContactImport({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const [csv, setCsv] = useState<string | null>(null);
  const [update, setUpdate] = useState(false);
  const [columns, setColumns] = useState<ImportColumns | undefined>(undefined);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [report, setReport] = useState<(ImportReport & { updated?: number }) | null>(null);
  const submit = useSubmit(['file', 'columns']);

  // Choices can change faster than previews come back: only the latest call's answer is shown.
  const latest = useRef(0);
  const showPreview = (text: string, options: { update: boolean; columns?: ImportColumns | undefined }) => {
    setReport(null);
    const call = ++latest.current;
    void submit.run(async () => {
      const answer = await previewImport(text, options);
      if (call !== latest.current) return;
      setPreview(answer);
      setColumns(answer.columns);
    });
  };
  const pick = async (file: File | undefined) => {
    setPreview(null);
    setColumns(undefined);
    const text = file ? await file.text() : null;
    setCsv(text);
    if (text !== null) showPreview(text, { update });
  };
  const choose = (next: ImportColumns) => {
    setColumns(next);
    if (csv !== null) showPreview(csv, { update, columns: next });
  };
  const toggleUpdate = (next: boolean) => {
    setUpdate(next);
    if (csv !== null) showPreview(csv, { update: next, columns });
  };
  const send = (event: Event) => {
    event.preventDefault();
    if (csv === null) return;
    void submit.run(async () => {
      setReport(await runImport(csv, { update, columns }));
      setPreview(null);
      onImported();
    });
  };

  const error = submit.placed.fields.file ?? submit.placed.fields.columns;
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
          onChange={(event) => void pick(event.currentTarget.files?.[0])}
        />
      </div>
      <p id="import-hint" class="muted">
        {t('contacts.importHint')}
      </p>
      <Check id="import-update" label={t('import.update')} checked={update} onChange={toggleUpdate} />
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
      {preview && columns && <ColumnChoice headers={preview.headers} columns={columns} onChange={choose} />}
      {preview && <ImportPreviewTable preview={preview} />}
      <div class="row">
        <button type="submit" class="primary" disabled={csv === null || submit.pending || !columns?.name}>
          {t('contacts.import')}
        </button>
      </div>
      {report && <ImportResult report={report} />}
    </form>
  );
}

function ColumnChoice({
  headers,
  columns,
  onChange,
}: {
  headers: string[];
  columns: ImportColumns;
  onChange(columns: ImportColumns): void;
}) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('import.columns')}</legend>
      <div class={s.choice}>
        {IMPORT_FIELDS.map((field) => (
          <label key={field}>
            {t('import.column', { field: t(`field.${field}`) })}
            <select
              value={columns[field] ?? ''}
              onChange={(event) => onChange({ ...columns, [field]: event.currentTarget.value || null })}
            >
              <option value="">{t('import.skip')}</option>
              {headers.map((header) => (
                <option key={header} value={header}>
                  {header}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {!columns.name && (
        <p class="alert" role="alert">
          {t('import.chooseName')}
        </p>
      )}
    </fieldset>
  );
}

function ImportResult({ report }: { report: ImportReport & { updated?: number } }) {
  const { t } = useI18n();
  return (
    <div role="status">
      <p>
        <strong>{t('contacts.imported', { n: report.imported })}</strong>
        {report.updated !== undefined && <> {t('import.updated', { n: report.updated })}</>}
      </p>
      {report.refused.length > 0 && (
        <ul>
          {report.refused.map((row) => (
            <li key={row.row}>{t('contacts.refused', { row: row.row, reason: refusal(row.reason, t) })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
