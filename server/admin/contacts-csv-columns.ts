/**
 * Which CSV column holds which contact field: the coach's choice (by header), else a guess from common
 * header names in English, French and German. A choice naming a header the file lacks is refused on
 * `columns.<field>`; null leaves the field out.
 */
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';

export const IMPORT_FIELDS = ['name', 'email', 'phone', 'tags'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** The header chosen for each field, or null when the field is not imported. */
export type Columns = Record<ImportField, string | null>;

export const columnChoiceSchema = z.strictObject({
  name: z.string().max(200).nullable().optional(),
  email: z.string().max(200).nullable().optional(),
  phone: z.string().max(200).nullable().optional(),
  tags: z.string().max(200).nullable().optional(),
});
export type ColumnChoice = z.output<typeof columnChoiceSchema>;

const GUESSES: Record<ImportField, string[]> = {
  name: ['name', 'nom', 'full name', 'nom complet', 'name vorname', 'contact'],
  email: ['email', 'e-mail', 'mail', 'courriel', 'adresse e-mail', 'email address'],
  phone: ['phone', 'téléphone', 'telephone', 'tel', 'tél', 'mobile', 'portable', 'natel', 'telefon', 'handy'],
  tags: ['tags', 'tag', 'étiquettes', 'labels', 'groupes'],
};

const key = (header: string) => header.trim().toLowerCase();

function find(headers: readonly string[], wanted: string): string | undefined {
  return headers.find((header) => header === wanted) ?? headers.find((header) => key(header) === key(wanted));
}

export function chooseColumns(headers: readonly string[], choice: ColumnChoice = {}): Columns {
  const columns = {} as Columns;
  for (const field of IMPORT_FIELDS) {
    const chosen = choice[field];
    if (chosen === null) columns[field] = null;
    else if (chosen !== undefined) {
      const header = find(headers, chosen);
      if (!header) {
        throw new ValidationError(`columns.${field}: the file has no column "${chosen}"`, `columns.${field}`);
      }
      columns[field] = header;
    } else {
      columns[field] = GUESSES[field].map((guess) => find(headers, guess)).find(Boolean) ?? null;
    }
  }
  return columns;
}
