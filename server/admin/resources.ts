/**
 * CRUD over HTTP for the small aggregates the coach edits (links, offers, articles, promo codes):
 * one zod schema per body, an audit entry per write, the catalog cache told about every change.
 */
import { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import type { CrudRepository } from '../../core/repositories.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';

export interface ResourceSpec<T extends { id: string }, C extends z.ZodType, P extends z.ZodType> {
  /** Audit action prefix, e.g. "offers". */
  name: string;
  repo: (deps: AdminDeps) => CrudRepository<T>;
  createSchema: C;
  patchSchema: P;
  /** A complete new entity from a valid body. */
  build: (deps: AdminDeps, input: z.output<C>) => Promise<T>;
  /** Cross-field checks on the entity as it would be after a create or a patch. */
  check?: (entity: T) => void;
  present?: (deps: AdminDeps, entity: T) => unknown;
  /** Whether the assistant's catalog cache must be refreshed after a write. */
  affectsCatalog: boolean;
}

export function resourceRoutes<T extends { id: string }, C extends z.ZodType, P extends z.ZodType>(
  deps: AdminDeps,
  spec: ResourceSpec<T, C, P>,
): Router {
  const router = Router();
  const repo = spec.repo(deps);
  const present = (entity: T) => (spec.present ? spec.present(deps, entity) : entity);
  const changed = () => {
    if (spec.affectsCatalog) deps.engine.catalogChanged();
  };
  const load = async (req: Request) => {
    const entity = await repo.get(String(req.params.id));
    if (!entity) throw new NotFoundError(`${spec.name} ${req.params.id} not found`);
    return entity;
  };

  router.get('/', async (_req, res) => {
    res.json({ items: (await repo.list()).map(present) });
  });
  router.get('/:id', async (req, res) => {
    res.json(present(await load(req)));
  });
  router.post('/', async (req: Request, res: Response) => {
    const entity = await spec.build(deps, parseInput(spec.createSchema, req.body));
    spec.check?.(entity);
    await repo.create(entity);
    await audit(deps, actorOf(req, res), `${spec.name}.create`, entity.id, req.body);
    changed();
    res.status(201).json(present(entity));
  });
  router.patch('/:id', async (req, res) => {
    const patch = parseInput(spec.patchSchema, req.body) as Partial<T>;
    const current = await load(req);
    spec.check?.({ ...current, ...patch });
    const updated = await repo.update(current.id, { ...patch, updatedAt: deps.clock.now().toISOString() });
    if (!updated) throw new NotFoundError(`${spec.name} ${req.params.id} not found`);
    await audit(deps, actorOf(req, res), `${spec.name}.update`, updated.id, req.body);
    changed();
    res.json(present(updated));
  });
  router.delete('/:id', async (req, res) => {
    if (!(await repo.delete(String(req.params.id))))
      throw new NotFoundError(`${spec.name} ${req.params.id} not found`);
    await audit(deps, actorOf(req, res), `${spec.name}.delete`, String(req.params.id));
    changed();
    res.status(204).end();
  });
  return router;
}
