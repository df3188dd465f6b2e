/** The catalog resources: offers, articles and promo codes. */
import { ConflictError } from '../../core/errors.js';
import type { Article, Offer, PromoCode } from '../../core/types.js';
import type { AdminDeps } from './context.js';
import type { ResourceSpec } from './resources.js';
import {
  articleCreateSchema,
  articlePatchSchema,
  offerCreateSchema,
  offerPatchSchema,
  promoCreateSchema,
  promoPatchSchema,
} from './schemas.js';

function stamp(deps: AdminDeps) {
  const now = deps.clock.now().toISOString();
  return { id: deps.ids.next(), createdAt: now, updatedAt: now };
}

export const offerSpec: ResourceSpec<Offer, typeof offerCreateSchema, typeof offerPatchSchema> = {
  name: 'offers',
  repo: (deps) => deps.store.offers,
  createSchema: offerCreateSchema,
  patchSchema: offerPatchSchema,
  build: async (deps, input) => ({ ...stamp(deps), ...input, paymentUrl: input.paymentUrl ?? null }),
  affectsCatalog: true,
};

export const articleSpec: ResourceSpec<Article, typeof articleCreateSchema, typeof articlePatchSchema> = {
  name: 'articles',
  repo: (deps) => deps.store.articles,
  createSchema: articleCreateSchema,
  patchSchema: articlePatchSchema,
  build: async (deps, input) => ({ ...stamp(deps), ...input }),
  affectsCatalog: true,
};

export const promoSpec: ResourceSpec<PromoCode, typeof promoCreateSchema, typeof promoPatchSchema> = {
  name: 'promo-codes',
  repo: (deps) => deps.store.promoCodes,
  createSchema: promoCreateSchema,
  patchSchema: promoPatchSchema,
  build: async (deps, input) => {
    if (await deps.store.promoCodes.getByCode(input.code)) {
      throw new ConflictError(`promo code ${input.code} already exists`, 'code');
    }
    return {
      ...stamp(deps),
      ...input,
      validUntil: input.validUntil ?? null,
      maxUses: input.maxUses ?? null,
      uses: 0,
    };
  },
  affectsCatalog: true,
};
