import { describe, expect, it } from 'vitest';
import type { CrudRepository, Store } from '../../../storage/types.js';
import { at, type ContractContext } from './fixtures.js';

type Entity = { id: string; createdAt: string; updatedAt: string };

export interface CrudCase<T extends Entity> {
  repository(store: Store): CrudRepository<T>;
  make(): T;
  /** A change to a few fields (without updatedAt). */
  patch: Partial<Omit<T, 'id' | 'createdAt'>>;
}

/** The CrudRepository behaviour shared by links, offers, articles, promo codes and admin users. */
export function describeCrud<T extends Entity>(
  name: string,
  context: ContractContext,
  crud: CrudCase<T>,
): void {
  const repository = () => crud.repository(context.store());

  describe(`${name} (crud)`, () => {
    it('creates and reads back every field', async () => {
      const entity = crud.make();
      expect(await repository().create(entity)).toEqual(entity);
      expect(await repository().get(entity.id)).toEqual(entity);
      expect(await repository().get('missing')).toBeNull();
    });

    it('lists every entity in id (creation time) order', async () => {
      const entities = [crud.make(), crud.make(), crud.make()];
      for (const entity of [entities[2]!, entities[0]!, entities[1]!]) await repository().create(entity);
      expect(await repository().list()).toEqual(entities);
    });

    it('applies a patch with its updatedAt and keeps the other fields', async () => {
      const entity = await repository().create(crud.make());
      const other = await repository().create(crud.make());
      const expected = { ...entity, ...crud.patch, updatedAt: at(30) };
      const patch = { ...crud.patch, updatedAt: at(30) } as Partial<Omit<T, 'id' | 'createdAt'>>;
      expect(await repository().update(entity.id, patch)).toEqual(expected);
      expect(await repository().get(entity.id)).toEqual(expected);
      expect(await repository().get(other.id)).toEqual(other);
    });

    it('stamps updatedAt when the patch has none', async () => {
      const entity = await repository().create(crud.make());
      const updated = await repository().update(entity.id, crud.patch);
      expect(updated).toEqual({ ...entity, ...crud.patch, updatedAt: expect.any(String) });
      expect(Date.parse(updated!.updatedAt)).toBeGreaterThan(Date.parse(entity.updatedAt));
      expect(updated!.createdAt).toBe(entity.createdAt);
    });

    it('returns null when updating an unknown id', async () => {
      expect(await repository().update('missing', crud.patch)).toBeNull();
      expect(await repository().list()).toEqual([]);
    });

    it('deletes by id and reports unknown ids', async () => {
      const entity = await repository().create(crud.make());
      const kept = await repository().create(crud.make());
      expect(await repository().delete(entity.id)).toBe(true);
      expect(await repository().get(entity.id)).toBeNull();
      expect(await repository().delete(entity.id)).toBe(false);
      expect(await repository().list()).toEqual([kept]);
    });

    it('rejects a second entity with the same id', async () => {
      const entity = await repository().create(crud.make());
      const error = await repository()
        .create({ ...crud.make(), id: entity.id })
        .catch((rejection: unknown) => rejection);
      expect(error).toMatchObject({ code: 'conflict' });
    });
  });
}
