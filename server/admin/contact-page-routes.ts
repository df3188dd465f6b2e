/**
 * One contact's page: read it with its channel identities and who may be the same person; edit its
 * name, tags, email and phone. An email or phone the coach types is unverified (no channel proved it);
 * a phone is stored in E.164 and becomes the contact's WhatsApp/SMS address when nobody holds it yet,
 * as the CSV import does (docs/DECISIONS.md, "Identity").
 */
import { Router } from 'express';
import { contactPacks } from './packs-routes.js';
import { z } from 'zod';
import { attachPhoneIdentities } from '../../core/contacts.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import type { Contact } from '../../core/types.js';
import { parseInput } from '../http/validate.js';
import { parsePhone } from '../phone.js';
import { actorOf } from './auth/auth-routes.js';
import { cleanTags, NAME_MAX, TAG_MAX, TAGS_MAX } from './contacts-csv.js';
import { type AdminDeps, audit } from './context.js';
import { withPossiblySame } from './possibly-same.js';

const EMAIL_MAX = 254;

/** "" and null clear the value. */
const cleared = (value: string | null) => value === null || value.trim() === '';

const phoneField = z
  .string()
  .max(40)
  .nullable()
  .transform((value, ctx) => {
    if (value === null || cleared(value)) return null;
    const parsed = parsePhone(value);
    if ('e164' in parsed) return parsed.e164;
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  });

const emailField = z
  .string()
  .max(EMAIL_MAX)
  .nullable()
  .transform((value) => (value === null || cleared(value) ? null : value.trim()))
  .pipe(z.email('not a valid email address').nullable());

export const contactPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(NAME_MAX).optional(),
    tags: z.array(z.string().trim().min(1).max(TAG_MAX)).max(TAGS_MAX).transform(cleanTags).optional(),
    email: emailField.optional(),
    phone: phoneField.optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'nothing to change');

type ContactPatch = z.output<typeof contactPatchSchema>;

/** The stored patch: a changed email or phone is unverified; the same value keeps its state. */
function storedPatch(current: Contact, patch: ContactPatch): Partial<Contact> {
  const { email, phone, ...rest } = patch;
  const stored: Partial<Contact> = { ...rest };
  if (email !== undefined && email !== current.email) Object.assign(stored, { email, emailVerified: false });
  if (phone !== undefined && phone !== current.phone) Object.assign(stored, { phone, phoneVerified: false });
  return stored;
}

export function contactPageRoutes(deps: AdminDeps): Router {
  const router = Router();
  const phoneChannels = () => deps.channels?.directory.withIdentity('phone') ?? [];

  router.get('/:id', async (req, res) => {
    const contact = await deps.store.contacts.get(req.params.id);
    if (!contact) throw new NotFoundError(`contact ${req.params.id} not found`);
    const [listed] = await withPossiblySame(deps.store.contacts, [contact]);
    const identities = await deps.store.contacts.listIdentities(contact.id);
    res.json({
      ...listed,
      // The sessions left in the contact's packs (issue 20).
      packs: await contactPacks(deps.store, contact.id),
      identities: identities.map(({ channel, externalId, createdAt }) => ({
        channel,
        externalId,
        createdAt,
      })),
    });
  });

  router.patch('/:id', async (req, res) => {
    const patch = parseInput(contactPatchSchema, req.body);
    const now = deps.clock.now().toISOString();
    const updated = await deps.store.transaction(async (tx) => {
      const current = await tx.contacts.get(req.params.id);
      if (!current) throw new NotFoundError(`contact ${req.params.id} not found`);
      const phone = patch.phone;
      if (phone && phone !== current.phone) {
        for (const channel of phoneChannels()) {
          const holder = await tx.contacts.findByIdentity(channel, phone);
          if (holder && holder.id !== current.id) {
            throw new ConflictError(
              `phone: ${phone} is already the address of another contact (merge them)`,
              'phone',
            );
          }
        }
      }
      const next = await tx.contacts.update(current.id, { ...storedPatch(current, patch), updatedAt: now });
      if (!next) throw new NotFoundError(`contact ${req.params.id} not found`);
      if (phone) await attachPhoneIdentities(tx, next.id, phone, now, phoneChannels());
      return next;
    });
    // The audit keeps which fields changed, never the phone number itself (no numbers in logs).
    await audit(deps, actorOf(req, res), 'contacts.update', updated.id, { fields: Object.keys(patch) });
    res.json(updated);
  });

  return router;
}
