/**
 * /api/admin/campaigns (owner): CRUD of drafts, launch, cancel, duplicate, and the deliveries of the
 * ledger. Bodies are checked for shape here (one zod schema), for meaning by the campaign service
 * (targets and links exist, times lie ahead); either way a 400 names the field and changes nothing.
 */
import { Router } from 'express';
import { z } from 'zod';
import { type CampaignService, campaignNotes, campaignReach } from '../../core/campaigns/index.js';
import { ChannelDirectory } from '../../core/channels/directory.js';
import { requireConfigured, requireGroupTargets } from './channel-availability.js';
import { CLOCK_TIME } from '../../core/campaigns/quiet-hours.js';
import { CHANNELS, type AdminUser, type Campaign, type DeliveryCounts } from '../../core/types.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';
import { pageFields } from './schemas.js';

const time = z.string().trim().min(1).max(40);
const clockTime = z.string().regex(CLOCK_TIME, 'must be a time of day as HH:MM (00:00 to 23:59)');

const campaignFields = {
  name: z.string().trim().min(1).max(200),
  message: z
    .string()
    .max(4_096)
    .refine((text) => text.trim().length > 0, 'must not be empty'),
  /** The subject of its emails ({firstName}, {name}); unset: the campaign's name. */
  subject: z
    .string()
    .max(200)
    .refine((text) => !/[\r\n]/.test(text), 'must be one line')
    .nullable()
    .optional(),
  mediaUrl: z
    .string()
    .trim()
    .max(2_000)
    .url()
    .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL')
    .nullable()
    .optional(),
  targets: z
    .array(
      z.strictObject({
        type: z.enum(['contact', 'group', 'tag', 'all', 'conversation']),
        id: z.string().trim().min(1).max(200).optional(),
      }),
    )
    .min(1, 'needs at least one target')
    .max(100),
  channels: z
    .array(z.enum(CHANNELS))
    .min(1, 'needs at least one channel')
    .max(CHANNELS.length)
    .refine((list) => new Set(list).size === list.length, 'lists a channel twice'),
  schedule: z
    .union([z.strictObject({ at: time }), z.strictObject({ slots: z.array(time).min(1).max(100) })])
    .nullable()
    .optional(),
  rate: z.number().positive().max(10_000).nullable().optional(),
  /** WhatsApp's 24-hour rule: the approved Content template sent outside the window. */
  whatsappTemplate: z
    .strictObject({
      contentSid: z
        .string()
        .trim()
        .regex(/^HX[0-9a-f]{32}$/i, 'must be a Twilio Content SID (HX followed by 32 hex digits)'),
      variables: z
        .record(
          z
            .string()
            .trim()
            .min(1)
            .max(20)
            .regex(/^[\w.-]+$/, 'variable names are letters, digits, _ . -'),
          z.string().max(1_024),
        )
        .refine((record) => Object.keys(record).length <= 50, 'at most 50 variables')
        .optional(),
    })
    .nullable()
    .optional(),
  /** Daily, in the business's TIMEZONE: nothing is sent from `from` to `to` ("21:00" to "08:00"). */
  quietHours: z
    .strictObject({ from: clockTime, to: clockTime })
    .refine((quiet) => quiet.from !== quiet.to, { message: 'must differ from quietHours.from', path: ['to'] })
    .nullable()
    .optional(),
};

export const campaignCreateSchema = z.strictObject(campaignFields);
export const campaignPatchSchema = z.strictObject(campaignFields).partial();

const deliveriesQuery = z.strictObject({
  status: z.enum(['pending', 'sent', 'delivered', 'read', 'failed', 'skipped']).optional(),
  ...pageFields,
});
const listQuery = z.strictObject({
  status: z.enum(['draft', 'scheduled', 'sending', 'completed', 'failed', 'cancelled']).optional(),
  ...pageFields,
});

/** What the composer's recipients and channels would reach (before a campaign exists). */
const reachSchema = z.strictObject({ targets: campaignFields.targets, channels: campaignFields.channels });

/** The campaign, its ledger counts, and what the coach should know before launching it (`notes`). */
const shown = (deps: AdminDeps, campaign: Campaign, counts: DeliveryCounts) => ({
  ...campaign,
  counts,
  notes: campaignNotes(campaign, deps.channels?.directory ?? new ChannelDirectory()),
});

export function campaignRoutes(deps: AdminDeps, campaigns: CampaignService): Router {
  const router = Router();
  const author = (user: AdminUser | undefined) => (user ? { id: user.id, name: user.name } : null);
  const respond = async (campaign: Campaign) =>
    shown(deps, campaign, await deps.store.deliveries.counts(campaign.id));

  router.get('/', async (req, res) => {
    const query = parseInput(listQuery, { ...req.query });
    const page = await deps.store.campaigns.list({
      status: query.status,
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
    });
    const items = await Promise.all(page.items.map(respond));
    res.json({ items, total: page.total, page: query.page, limit: query.limit });
  });
  router.post('/reach', async (req, res) => {
    const { targets, channels } = parseInput(reachSchema, req.body);
    requireConfigured(deps.channels, channels);
    res.json(await campaignReach(deps.store, targets, channels));
  });
  router.post('/', async (req, res) => {
    const input = parseInput(campaignCreateSchema, req.body);
    requireConfigured(deps.channels, input.channels);
    await requireGroupTargets(deps.channels, deps.store, input.targets);
    const campaign = await campaigns.create(input, author(res.locals.user as AdminUser | undefined));
    await audit(deps, actorOf(req, res), 'campaigns.create', campaign.id);
    res.status(201).json(await respond(campaign));
  });
  router.get('/:id', async (req, res) => {
    const { campaign, counts } = await campaigns.get(req.params.id);
    res.json(shown(deps, campaign, counts));
  });
  router.patch('/:id', async (req, res) => {
    const patch = parseInput(campaignPatchSchema, req.body);
    if (patch.channels) requireConfigured(deps.channels, patch.channels);
    await requireGroupTargets(deps.channels, deps.store, patch.targets);
    const campaign = await campaigns.update(req.params.id, patch);
    await audit(deps, actorOf(req, res), 'campaigns.update', campaign.id);
    res.json(await respond(campaign));
  });
  router.delete('/:id', async (req, res) => {
    await campaigns.delete(req.params.id);
    await audit(deps, actorOf(req, res), 'campaigns.delete', req.params.id);
    res.status(204).end();
  });
  router.post('/:id/launch', async (req, res) => {
    const campaign = await campaigns.launch(req.params.id);
    await audit(deps, actorOf(req, res), 'campaigns.launch', campaign.id);
    res.json(await respond(campaign));
  });
  router.post('/:id/cancel', async (req, res) => {
    const campaign = await campaigns.cancel(req.params.id);
    await audit(deps, actorOf(req, res), 'campaigns.cancel', campaign.id);
    res.json(await respond(campaign));
  });
  router.post('/:id/duplicate', async (req, res) => {
    const campaign = await campaigns.duplicate(
      req.params.id,
      author(res.locals.user as AdminUser | undefined),
    );
    await audit(deps, actorOf(req, res), 'campaigns.duplicate', req.params.id, { copy: campaign.id });
    res.status(201).json(await respond(campaign));
  });
  router.get('/:id/deliveries', async (req, res) => {
    const query = parseInput(deliveriesQuery, { ...req.query });
    await campaigns.get(req.params.id);
    const page = await deps.store.deliveries.list(req.params.id, {
      status: query.status,
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
    });
    res.json({ ...page, page: query.page, limit: query.limit });
  });
  return router;
}
