/**
 * ADMIN_EMAIL/ADMIN_PASSWORD on several processes starting together on one PostgreSQL database: each
 * start makes sure the owner exists; only one can create it, and the others must not fail for that.
 */
import { describe, expect, it } from 'vitest';
import { createUlidGenerator, systemClock } from '../../../../core/ids.js';
import { ensureOwner } from '../../../../server/admin/auth/bootstrap.js';
import { createPostgresStore } from '../../../../storage/postgres/store.js';
import { withPostgresDatabase } from '../../../helpers/postgres.js';

const database = await withPostgresDatabase();
const admin = { email: 'Coach@Example.com', password: 'correct horse battery staple' };

describe.skipIf(!database)('the owner from ADMIN_EMAIL, several processes at once', () => {
  it('every start succeeds and there is exactly one owner', async () => {
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => createPostgresStore({ url: database!.url, maxConnections: 2 })),
    );
    try {
      const starts = await Promise.allSettled(
        stores.flatMap((store) =>
          [0, 1].map(() => ensureOwner(store, createUlidGenerator(), systemClock, admin)),
        ),
      );
      expect(starts.filter((start) => start.status === 'rejected')).toEqual([]);
      expect(starts.map((start) => start.status === 'fulfilled' && start.value)).toEqual(
        Array(8).fill({ kind: 'configured', email: 'coach@example.com' }),
      );
      expect(await stores[0]!.adminUsers.count()).toBe(1);
      expect(await stores[0]!.adminUsers.getByEmail('coach@example.com')).toMatchObject({ role: 'owner' });
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('a start whose read found no owner, created by another process just after, still succeeds', async () => {
    const [mine, other] = await Promise.all(
      [0, 1].map(() => createPostgresStore({ url: database!.url, maxConnections: 2 })),
    );
    try {
      await mine!.adminUsers.delete((await mine!.adminUsers.getByEmail('coach@example.com'))!.id);
      // The other process's start runs between this one's read (no owner yet) and its insert.
      const interleaved = new Proxy(mine!, {
        get(target, key) {
          if (key !== 'adminUsers') return Reflect.get(target, key);
          const users = target.adminUsers;
          return new Proxy(users, {
            get(repository, method) {
              if (method === 'getByEmail')
                return async (email: string) => {
                  const found = await users.getByEmail(email);
                  await ensureOwner(other!, createUlidGenerator(), systemClock, admin);
                  return found;
                };
              const value = Reflect.get(repository, method);
              return typeof value === 'function' ? value.bind(repository) : value;
            },
          });
        },
      });
      await expect(ensureOwner(interleaved, createUlidGenerator(), systemClock, admin)).resolves.toEqual({
        kind: 'configured',
        email: 'coach@example.com',
      });
      expect(await mine!.adminUsers.count()).toBe(1);
    } finally {
      await Promise.all([mine!.close(), other!.close()]);
    }
  });
});
