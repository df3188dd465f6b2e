import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs two projects: every test on the stores each test chooses (the embedded store by
 * default), and the end-to-end tests again on PostgreSQL (KORA_E2E_STORE=postgres: each app of
 * test/helpers/app.ts gets a fresh database; test/helpers/e2e-store.ts). Left out of the second run:
 * the tests that are on PostgreSQL already, and those about the embedded store's own file and process
 * (a child process on DATA_DIR, SQLite write faults).
 */
const ON_POSTGRES_ALREADY = ['test/e2e/postgres*.test.ts', 'test/e2e/multi-process.test.ts'];
const EMBEDDED_ONLY = ['test/e2e/campaign-crash.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'embedded', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e-postgres',
          include: ['test/e2e/**/*.test.ts'],
          exclude: [...ON_POSTGRES_ALREADY, ...EMBEDDED_ONLY],
          env: { KORA_E2E_STORE: 'postgres' },
          setupFiles: ['test/helpers/e2e-postgres-setup.ts'],
        },
      },
    ],
  },
});
