/**
 * Runs a CSV import as the query string asks: `columns` (JSON: field → header, null to leave a field
 * out; guessed from the header otherwise), `update=true` (known contacts are updated, not refused) and
 * `preview=true` (the same import in a transaction that is rolled back: the report it would give,
 * the file's headers, the columns used and the first rows with what would happen to each).
 */
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import type { Store } from '../../core/repositories.js';
import type { ChannelName } from '../../core/types.js';
import type { IdGenerator } from '../../core/ids.js';
import { parseInput } from '../http/validate.js';
import { type CsvRow, readCsvTable, tableRows } from './contacts-csv.js';
import { type Columns, chooseColumns, columnChoiceSchema } from './contacts-csv-columns.js';
import { type ImportReport, importContactRows, type RowAction } from './contacts-import.js';

const PREVIEW_ROWS = 20;

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');
const columnsParam = z
  .string()
  .max(2000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON: give {"name": "<header>", ...}' });
      return z.NEVER;
    }
  })
  .pipe(columnChoiceSchema)
  .optional();

export const importQuery = z.strictObject({ update: flag, preview: flag, columns: columnsParam });
export type ImportQuery = z.output<typeof importQuery>;

export interface ImportPreview extends ImportReport {
  headers: string[];
  columns: Columns;
  rows: (Omit<CsvRow, 'row'> & { row: number; action: RowAction; reason?: string })[];
}

class PreviewDone extends Error {
  constructor(readonly result: { report: ImportReport; actions: RowAction[] }) {
    super('preview rolled back');
  }
}

export interface ImportContext {
  store: Store;
  ids: IdGenerator;
  now: string;
  phoneChannels: readonly ChannelName[];
}

export async function runImport(
  ctx: ImportContext,
  csv: string,
  rawQuery: unknown,
): Promise<ImportReport | ImportPreview> {
  const query = parseInput(importQuery, rawQuery);
  const table = readCsvTable(csv);
  const columns = chooseColumns(table.headers, query.columns);
  if (columns.name === null) {
    if (query.preview) return { headers: table.headers, columns, imported: 0, refused: [], rows: [] };
    if (query.columns?.name === undefined) {
      throw new ValidationError('file: the CSV needs a "name" column, or choose one in columns.name', 'file');
    }
    throw new ValidationError('columns.name: choose the column that holds the name', 'columns.name');
  }
  const rows = tableRows(table, columns);
  const options = { ids: ctx.ids, now: ctx.now, phoneChannels: ctx.phoneChannels, update: query.update };
  if (!query.preview) {
    return (await ctx.store.transaction((tx) => importContactRows(tx, rows, options))).report;
  }
  const result = await ctx.store
    .transaction(async (tx) => {
      throw new PreviewDone(await importContactRows(tx, rows, options));
    })
    .catch((error: unknown) => {
      if (error instanceof PreviewDone) return error.result;
      throw error;
    });
  const reasons = new Map(result.report.refused.map((refusal) => [refusal.row, refusal.reason]));
  const shown = rows.slice(0, PREVIEW_ROWS).map((row, index) => {
    const action = result.actions[index] ?? 'refuse';
    const reason = reasons.get(row.row);
    return reason === undefined ? { ...row, action } : { ...row, action, reason };
  });
  return { ...result.report, headers: table.headers, columns, rows: shown };
}
