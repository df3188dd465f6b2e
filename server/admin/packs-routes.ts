/**
 * Packs (CONTRACT.md): `GET|POST /api/admin/packs {name, sessions, price: {amount, currency}}` (creating
 * and granting are the owner's); `POST /:id/checkout {conversationId}` sends the pack's Stripe Checkout link into a
 * customer's conversation (tracked); `POST /:id/grant {contactId}` gives the sessions at once when
 * the coach was paid otherwise. A contact's credits are on their page (`contactPacks`), and at
 * `GET /api/admin/contacts/:id/packs`.
 */
import { type Request, Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import { grantPack, newPack, type PackDeps, sendPackCheckout } from '../../core/payments/packs.js';
import type { Store } from '../../core/repositories.js';
import { parseInput } from '../http/validate.js';
import { actorOf, requireOwner } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';

export const packCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  sessions: z.number().int('must be a whole number').min(1).max(1_000),
  price: z.strictObject({
    amount: z
      .number()
      .finite()
      .gt(0, 'must be more than 0')
      .max(1_000_000)
      .refine((value) => Math.round(value * 100) === value * 100, 'has more than 2 decimals'),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code such as CHF')
      .transform((value) => value.toUpperCase()),
  }),
});
const checkoutSchema = z.strictObject({ conversationId: z.string().trim().min(1).max(100) });
const grantSchema = z.strictObject({ contactId: z.string().trim().min(1).max(100) });

/** A contact's packs for their page: every credit, and the sessions they can still book. */
export async function contactPacks(store: Store, contactId: string) {
  const credits = await store.packs.creditsOf(contactId);
  const remaining = credits
    .filter((credit) => credit.status === 'active')
    .reduce((sum, credit) => sum + credit.remaining, 0);
  return { remaining, credits };
}

/** `GET /api/admin/contacts/:id/packs`: the contact's packs alone (as `packs` on the contact's page). */
export function contactPackRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/:id/packs', async (req: Request<{ id: string }>, res) => {
    if (!(await deps.store.contacts.get(req.params.id)))
      throw new NotFoundError(`contact ${req.params.id} not found`);
    res.json(await contactPacks(deps.store, req.params.id));
  });
  return router;
}

export function packRoutes(deps: AdminDeps, packs: PackDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json({ items: await deps.store.packs.list() });
  });
  router.post('/', requireOwner, async (req, res) => {
    const pack = await deps.store.packs.create(newPack(deps, parseInput(packCreateSchema, req.body)));
    await audit(deps, actorOf(req, res), 'packs.create', pack.id, { name: pack.name });
    res.status(201).json(pack);
  });
  router.post('/:id/checkout', async (req: Request<{ id: string }>, res) => {
    const { conversationId } = parseInput(checkoutSchema, req.body);
    const sent = await sendPackCheckout(packs, req.params.id, conversationId);
    await audit(deps, actorOf(req, res), 'packs.checkout', sent.credit.id, { conversationId });
    res.status(201).json({ credit: sent.credit, paymentUrl: sent.paymentUrl, messageId: sent.message.id });
  });
  router.post('/:id/grant', requireOwner, async (req: Request<{ id: string }>, res) => {
    const { contactId } = parseInput(grantSchema, req.body);
    const credit = await grantPack(packs, req.params.id, contactId);
    await audit(deps, actorOf(req, res), 'packs.grant', credit.id, { contactId });
    res.status(201).json(credit);
  });
  return router;
}
