/**
 * Community groups for the coach: list, create, rename, delete (archive), and members. A group is a
 * group conversation: the coach reads and posts in it through /conversations/:id like any other.
 */
import { Router } from 'express';
import { z } from 'zod';
import {
  addGroupMember,
  createGroup,
  deleteGroup,
  loadGroup,
  removeGroupMember,
  renameGroup,
  summarizeGroup,
} from '../../core/groups.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';
import { pageFields } from './schemas.js';

const groupName = z
  .string()
  .max(120)
  .refine((name) => name.trim().length > 0, 'must not be empty');
const groupSchema = z.strictObject({ name: groupName });
const listQuery = z.strictObject({ query: z.string().max(200).optional(), ...pageFields });

/** The community web chat opened on the group: whoever follows it joins (the panel shows it as a QR code too). */
export const inviteUrl = (publicUrl: string, groupId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/chat?group=${encodeURIComponent(groupId)}`;

export function groupRoutes(deps: AdminDeps): Router {
  const router = Router();
  const summary = async (group: Parameters<typeof summarizeGroup>[1]) => ({
    ...(await summarizeGroup(deps.store, group)),
    inviteUrl: inviteUrl(deps.publicUrl, group.id),
  });
  router.get('/', async (req, res) => {
    const query = parseInput(listQuery, { ...req.query });
    const page = await deps.store.conversations.list({
      kind: 'group',
      query: query.query,
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
    });
    const items = await Promise.all(page.items.map(summary));
    res.json({ items, total: page.total, page: query.page, limit: query.limit });
  });
  router.post('/', async (req, res) => {
    const { name } = parseInput(groupSchema, req.body);
    const group = await createGroup(deps, name);
    await audit(deps, actorOf(req, res), 'groups.create', group.id, { name: group.title });
    res.status(201).json(await summary(group));
  });
  router.get('/:id', async (req, res) => {
    res.json(await summary(await loadGroup(deps.store, req.params.id)));
  });
  router.patch('/:id', async (req, res) => {
    const { name } = parseInput(groupSchema, req.body);
    const group = await renameGroup(deps, req.params.id, name);
    await audit(deps, actorOf(req, res), 'groups.update', group.id, { name: group.title });
    res.json(await summary(group));
  });
  router.delete('/:id', async (req, res) => {
    await deleteGroup(deps, req.params.id);
    await audit(deps, actorOf(req, res), 'groups.delete', req.params.id);
    res.status(204).end();
  });
  router.get('/:id/members', async (req, res) => {
    await loadGroup(deps.store, req.params.id);
    const members = await deps.store.conversations.listMembers(req.params.id);
    const items = [];
    for (const member of members) {
      const contact = await deps.store.contacts.get(member.contactId);
      if (contact) items.push({ id: contact.id, name: contact.name, joinedAt: member.joinedAt });
    }
    res.json({ items, total: items.length });
  });
  router.post('/:id/members/:contactId', async (req, res) => {
    const { contact, added } = await addGroupMember(deps, req.params.id, req.params.contactId);
    if (added)
      await audit(deps, actorOf(req, res), 'groups.members.add', req.params.id, { contactId: contact.id });
    res.status(added ? 201 : 200).json({ id: contact.id, name: contact.name });
  });
  router.delete('/:id/members/:contactId', async (req, res) => {
    await removeGroupMember(deps, req.params.id, req.params.contactId);
    await audit(deps, actorOf(req, res), 'groups.members.remove', req.params.id, {
      contactId: req.params.contactId,
    });
    res.status(204).end();
  });
  return router;
}
