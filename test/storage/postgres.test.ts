import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../storage/postgres/store.js';
import { POSTGRES_MIGRATIONS } from '../../storage/postgres/migrations.js';
import { postgresReachable, usePostgresStores } from '../helpers/postgres-stores.js';
import { runStorageContract } from './contract.js';
import { makeLink } from './contract/fixtures.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();

describe.runIf(reachable)('postgres', () => {
  runStorageContract('postgres', freshStore);

  describe('postgres store', () => {
    it('migrates once when several processes open the same database together', async () => {
      const first = await freshStore();
      await first.store.close();
      const opened = await Promise.all(
        Array.from({ length: 4 }, () => createPostgresStore({ url: first.url, maxConnections: 1 })),
      );
      for (const store of opened) await store.close();
      const check = await createPostgresStore({ url: first.url, maxConnections: 1 });
      await check.links.create(makeLink());
      expect((await check.links.list()).length).toBe(1);
      await check.close();
      await first.cleanup().catch(() => {});
      expect(POSTGRES_MIGRATIONS.map((migration) => migration.version)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 14, 19, 24, 29, 34, 49, 55, 56, 57, 58, 59,
      ]);
    });

    it('refuses job-store calls, naming the PostgreSQL scheduler backend instead', async () => {
      const { store, cleanup } = await freshStore();
      await expect(store.jobs.get('x')).rejects.toThrow(
        'jobs.get: with PostgreSQL the scheduler uses @agendajs/postgres-backend',
      );
      await cleanup();
    });
  });
});
