/**
 * The coach's contacts: search (accents and case ignored), tag filter and pages, each contact with
 * whether a channel verified its email and phone and who is possibly the same person; renaming and tagging;
 * merging duplicates; CSV export of everyone; CSV import (the body as text/csv, or a multipart field
 * `file`), all accepted rows in one transaction with a report of the refused.
 */
import express, { type Request, Router } from 'express';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { ContactRepository } from '../../core/repositories.js';
import type { Contact } from '../../core/types.js';
import { errorBody } from '../http/errors.js';
import { readMultipartFile } from '../http/multipart.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { runImport } from './contacts-import-run.js';
import { contactPageRoutes } from './contact-page-routes.js';
import { contactsToCsv, TAG_MAX } from './contacts-csv.js';
import { type AdminDeps, audit } from './context.js';
import { phoneSearchQuery } from './phone-query.js';
import { withPossiblySame } from './possibly-same.js';
import { pageFields } from './schemas.js';

const listQuery = z.strictObject({
  query: z.string().max(200).optional(),
  tag: z.string().max(TAG_MAX).optional(),
  ...pageFields,
});

export const mergeSchema = z.strictObject({
  ids: z
    .array(z.string().trim().min(1).max(100))
    .min(2, 'give at least two contacts: the first one is kept')
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, 'the same contact is listed twice'),
});

const CSV_TYPES = ['text/csv', 'application/csv'];
const CSV_MAX_BYTES = 5 * 1024 * 1024;
const EXPORT_PAGE = 500;

/** Every contact, oldest first, read page by page. */
async function allContacts(contacts: ContactRepository): Promise<Contact[]> {
  const all: Contact[] = [];
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = await contacts.list({ offset, limit: EXPORT_PAGE });
    all.push(...page.items);
    if (page.items.length < EXPORT_PAGE) break;
  }
  return all.reverse();
}

const hasBody = (req: Request) =>
  Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

export function contactRoutes(deps: AdminDeps): Router {
  const router = Router();
  const csvBody = express.text({ type: CSV_TYPES, limit: CSV_MAX_BYTES });

  router.get('/', async (req, res) => {
    const query = parseInput(listQuery, { ...req.query });
    const page = await deps.store.contacts.list({
      query: query.query === undefined ? undefined : phoneSearchQuery(query.query),
      tag: query.tag?.trim() || undefined,
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
    });
    const items = await withPossiblySame(deps.store.contacts, page.items);
    res.json({ items, total: page.total, page: query.page, limit: query.limit });
  });

  router.get('/export.csv', async (_req, res) => {
    const csv = contactsToCsv(await allContacts(deps.store.contacts));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="contacts.csv"');
    res.setHeader('Cache-Control', 'no-store');
    res.send(csv);
  });

  router.post('/merge', async (req, res) => {
    const { ids } = parseInput(mergeSchema, req.body);
    const [targetId, ...sourceIds] = ids as [string, ...string[]];
    const merged = await deps.store.contacts.merge(targetId, sourceIds, deps.clock.now().toISOString());
    if (!merged) throw new NotFoundError('one of these contacts does not exist', 'ids');
    await audit(deps, actorOf(req, res), 'contacts.merge', merged.id, { merged: sourceIds });
    res.json(merged);
  });

  router.post('/import', csvBody, async (req, res) => {
    let csv: string;
    if (typeof req.body === 'string') csv = req.body;
    else if (req.is('multipart/form-data')) csv = await readMultipartFile(req, 'file', CSV_MAX_BYTES);
    else {
      if (!hasBody(req)) throw new ValidationError('file: the CSV is empty', 'file');
      res
        .status(415)
        .json(
          errorBody(
            'unsupported_media_type',
            'send the CSV as the body with Content-Type: text/csv, or as the form field "file" (multipart/form-data)',
          ),
        );
      return;
    }
    const report = await runImport(
      {
        store: deps.store,
        ids: deps.ids,
        now: deps.clock.now().toISOString(),
        phoneChannels: deps.channels?.directory.withIdentity('phone') ?? [],
      },
      csv,
      { ...req.query },
    );
    // A preview writes nothing, so it leaves no audit entry.
    if (!('headers' in report)) {
      await audit(deps, actorOf(req, res), 'contacts.import', null, {
        imported: report.imported,
        updated: report.updated,
        refused: report.refused.length,
      });
    }
    res.json(report);
  });

  // Last: `/:id` would otherwise catch `/export.csv`.
  router.use(contactPageRoutes(deps));
  return router;
}
