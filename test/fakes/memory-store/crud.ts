/** Create/read/update/delete over one Map, with the unique keys the real tables enforce. */
import type {
  AdminUserRepository,
  ArticleRepository,
  CrudRepository,
  LinkRepository,
  OfferRepository,
  PromoCodeRepository,
} from '../../../core/repositories.js';
import type { AdminUser, Article, EntryLink, Offer, PromoCode } from '../../../core/types.js';
import { applyPatch, compare, conflict, copy, type Gate, key, type MemoryState } from './state.js';

interface Unique<T> {
  /** The entity field named in the ConflictError. */
  field: string;
  /** The comparable value (lowercased for case-insensitive keys). */
  value: (entity: T) => string;
}

interface CrudSpec<T> {
  table: Map<string, T>;
  label: string;
  uniques?: Unique<T>[];
}

type Crud<T extends { id: string }> = CrudRepository<T> & {
  /** The first entity whose unique `field` equals `value`, as a copy. */
  findBy(field: string, value: string): Promise<T | null>;
  /** Every entity matching `keep`, in id order, as copies. */
  filter(keep: (entity: T) => boolean): Promise<T[]>;
};

export function crud<T extends { id: string }>(gate: Gate, spec: CrudSpec<T>): Crud<T> {
  const { table, label, uniques = [] } = spec;

  function checkUnique(entity: T, exceptId: string | null): void {
    for (const unique of uniques) {
      const value = unique.value(entity);
      for (const other of table.values()) {
        if (other.id !== exceptId && unique.value(other) === value) throw conflict(label, [unique.field]);
      }
    }
  }

  function sorted(): T[] {
    return [...table.values()].sort((a, b) => compare(a.id, b.id));
  }

  return {
    create: (entity) =>
      gate(() => {
        if (table.has(entity.id)) throw conflict(label, ['id']);
        checkUnique(entity, null);
        table.set(entity.id, copy(entity));
        return copy(entity);
      }),
    get: (id) => gate(() => copy(table.get(id) ?? null)),
    list: () => gate(() => sorted().map(copy)),
    update: (id, patch) =>
      gate(() => {
        const current = table.get(id);
        if (!current) return null;
        const next = applyPatch(current, patch);
        checkUnique(next, id);
        table.set(id, next);
        return copy(next);
      }),
    delete: (id) => gate(() => table.delete(id)),
    findBy: (field, value) =>
      gate(() => {
        const unique = uniques.find((candidate) => candidate.field === field);
        if (!unique) throw new Error(`no unique key ${field} on ${label}`);
        return copy(sorted().find((entity) => unique.value(entity) === value) ?? null);
      }),
    filter: (keep) => gate(() => sorted().filter(keep).map(copy)),
  };
}

function withoutHelpers<T extends { id: string }>(repository: Crud<T>): CrudRepository<T> {
  const { create, get, list, update, delete: remove } = repository;
  return { create, get, list, update, delete: remove };
}

export function createLinkRepository(state: MemoryState, gate: Gate): LinkRepository {
  const base = crud(gate, {
    table: state.links,
    label: 'link',
    uniques: [
      { field: 'token', value: (link) => link.token },
      { field: 'code', value: (link) => link.code.toLowerCase() },
    ],
  });
  return {
    ...withoutHelpers<EntryLink>(base),
    getByToken: (token) => base.findBy('token', token),
    getByCode: (code) => base.findBy('code', code.toLowerCase()),
  };
}

export function createOfferRepository(state: MemoryState, gate: Gate): OfferRepository {
  const base = crud(gate, { table: state.offers, label: 'offer' });
  return { ...withoutHelpers<Offer>(base), listVisible: () => base.filter((offer) => offer.visible) };
}

export function createArticleRepository(state: MemoryState, gate: Gate): ArticleRepository {
  const base = crud(gate, { table: state.articles, label: 'article' });
  return { ...withoutHelpers<Article>(base), listVisible: () => base.filter((article) => article.visible) };
}

export function createPromoCodeRepository(state: MemoryState, gate: Gate): PromoCodeRepository {
  const base = crud(gate, {
    table: state.promoCodes,
    label: 'promo code',
    uniques: [{ field: 'code', value: (promo) => promo.code.toLowerCase() }],
  });
  return {
    ...withoutHelpers<PromoCode>(base),
    getByCode: (code) => base.findBy('code', code.toLowerCase()),
    // Read and write in one gated step, as the real store's single UPDATE: no interleaving.
    redeem: (id, now) =>
      gate(() => {
        const promo = state.promoCodes.get(id);
        if (!promo || (promo.maxUses !== null && promo.uses >= promo.maxUses)) return null;
        const next = { ...promo, uses: promo.uses + 1, updatedAt: now };
        state.promoCodes.set(id, next);
        return copy(next);
      }),
  };
}

export function createAdminUserRepository(state: MemoryState, gate: Gate): AdminUserRepository {
  const base = crud(gate, {
    table: state.adminUsers,
    label: 'admin user',
    uniques: [{ field: 'email', value: (user) => user.email.toLowerCase() }],
  });
  const { adminUsers, recoveryCodes } = state;
  const clearCodes = (id: string) => {
    for (const [code, userId] of [...recoveryCodes]) if (userId === id) recoveryCodes.delete(code);
  };
  return {
    ...withoutHelpers<AdminUser>(base),
    delete: (id) =>
      gate(() => {
        clearCodes(id);
        return adminUsers.delete(id);
      }),
    getByEmail: (email) => base.findBy('email', email.toLowerCase()),
    count: () => gate(() => adminUsers.size),
    useTotpStep: (id, step) =>
      gate(() => {
        const user = adminUsers.get(id);
        if (!user || (user.totpLastStep !== null && user.totpLastStep >= step)) return false;
        adminUsers.set(id, { ...user, totpLastStep: step });
        return true;
      }),
    setRecoveryCodes: (id, hashes) =>
      gate(() => {
        clearCodes(id);
        for (const hash of hashes) recoveryCodes.set(key(id, hash), id);
      }),
    useRecoveryCode: (id, hash) => gate(() => recoveryCodes.delete(key(id, hash))),
    countRecoveryCodes: (id) =>
      gate(() => [...recoveryCodes.values()].filter((userId) => userId === id).length),
  };
}
