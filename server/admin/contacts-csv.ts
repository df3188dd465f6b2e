/**
 * Contacts as CSV: the export (UTF-8 with a BOM so Excel reads accents right, csv-stringify quoting)
 * and the import's reading and row checks (header by name, E.164 phones, one reason per refused row).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import type { Contact } from '../../core/types.js';
import { parsePhone } from '../phone.js';
import type { Columns } from './contacts-csv-columns.js';

export const NAME_MAX = 100;
export const TAG_MAX = 40;
export const TAGS_MAX = 30;
export const BOM = '\uFEFF';
const COLUMNS = ['name', 'email', 'phone', 'tags', 'createdAt'] as const;

/** Trimmed, without empties, deduplicated ignoring case (the first spelling is kept). */
export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    kept.push(tag);
  }
  return kept;
}

/**
 * A cell Excel would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe; names
 * come from chat users. E.164 phones are left alone (Excel reads them as numbers, not formulas).
 */
export function neutralize(value: string): string {
  if (/^\+\d{4,15}$/.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Undoes `neutralize` on import, so an export imports back unchanged. */
function restore(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** The whole export: BOM, header, one row per contact. */
export function contactsToCsv(contacts: readonly Contact[]): string {
  const rows = contacts.map((contact) => [
    neutralize(contact.name),
    neutralize(contact.email ?? ''),
    neutralize(contact.phone ?? ''),
    neutralize(contact.tags.join('; ')),
    contact.createdAt,
  ]);
  return (
    BOM +
    stringify(rows, {
      header: true,
      columns: [...COLUMNS],
      record_delimiter: '\r\n',
      quoted_match: /[\r\n]/,
    })
  );
}

/** A row's fields as read, before checks; `row` is 1-based among data rows. */
export interface CsvRow {
  row: number;
  name: string;
  email: string;
  phone: string;
  tags: string;
}

/** Excel in French- and German-speaking locales saves with ";": the header line tells which. */
function delimiterOf(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

/** The file as read: its header cells and its data records. */
export interface CsvTable {
  headers: string[];
  records: string[][];
}

/** Reads the CSV; a file that cannot be read at all is a ValidationError on `file`. */
export function readCsvTable(text: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`file: the CSV cannot be read (${reason})`, 'file');
  }
  const [header, ...data] = records;
  if (!header) throw new ValidationError('file: the CSV is empty', 'file');
  return { headers: header.map((name) => name.trim()), records: data };
}

/** The rows' fields from the chosen columns (a field without a column is empty). */
export function tableRows(table: CsvTable, columns: Columns): CsvRow[] {
  const indexOf = (field: keyof Columns) => {
    const header = columns[field];
    return header === null ? -1 : table.headers.indexOf(header);
  };
  const at = {
    name: indexOf('name'),
    email: indexOf('email'),
    phone: indexOf('phone'),
    tags: indexOf('tags'),
  };
  const cell = (record: string[], index: number) => (index < 0 ? '' : restore(record[index] ?? ''));
  return table.records.map((record, index) => ({
    row: index + 1,
    name: cell(record, at.name),
    email: cell(record, at.email),
    phone: cell(record, at.phone),
    tags: cell(record, at.tags),
  }));
}

export type CheckedRow =
  | { ok: true; name: string; email: string | null; phone: string | null; tags: string[] }
  | { ok: false; reason: string };

const emailSchema = z.email();
/** The number in E.164 (Swiss when it has no +prefix), or why it is not one. */
export function normalizePhone(value: string): { e164: string } | { reason: string } {
  const result = parsePhone(value);
  return 'e164' in result ? result : { reason: `phone: ${result.problem} ("${value}")` };
}

/** One row's checks, in column order; the first problem is the reason. */
export function checkRow(row: CsvRow): CheckedRow {
  const name = row.name.trim();
  if (!name) return { ok: false, reason: 'name: required' };
  if (name.length > NAME_MAX) return { ok: false, reason: `name: longer than ${NAME_MAX} characters` };
  const email = row.email.trim() || null;
  if (email && !emailSchema.safeParse(email).success)
    return { ok: false, reason: `email: not a valid address ("${email}")` };
  let phone: string | null = null;
  if (row.phone.trim()) {
    const normalized = normalizePhone(row.phone.trim());
    if ('reason' in normalized) return { ok: false, reason: normalized.reason };
    phone = normalized.e164;
  }
  const tags = cleanTags(row.tags.split(/[;,]/));
  const long = tags.find((tag) => tag.length > TAG_MAX);
  if (long) return { ok: false, reason: `tags: "${long}" is longer than ${TAG_MAX} characters` };
  if (tags.length > TAGS_MAX) return { ok: false, reason: `tags: more than ${TAGS_MAX}` };
  return { ok: true, name, email, phone, tags };
}
