/** Boots the whole app on a free port and a temp DATA_DIR, as `npm start` would, for end-to-end tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../core/logger.js';
import { type KoraApp, type StartOptions, startKora } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { e2eStoreEnv } from './e2e-store.js';

export interface TestApp {
  url: string;
  dataDir: string;
  adminEmail: string;
  adminPassword: string;
  kora: KoraApp;
  /** Logs in through the API and returns the Cookie header value. */
  login(): Promise<string>;
  stop(): Promise<void>;
  /** Stops and starts again on the same DATA_DIR (and the same port). */
  restart(): Promise<TestApp>;
}

export const ADMIN_EMAIL = 'coach@example.com';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface TestAppOptions {
  env?: Record<string, string>;
  dataDir?: string;
  /** The reply window (the product's default is 1.5 s; tests answer at once unless they ask). */
  turnWindowMs?: number;
  /** More of `startKora`'s options (an injected channel socket, its backoff…). */
  start?: Partial<StartOptions>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kora-test-'));
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  Object.assign(env, await e2eStoreEnv(dataDir, env));
  // Users cannot ask for port 0; tests do (a free port), through the parsed config.
  const config = { ...loadConfig(env), port: Number(env.PORT ?? 0) };
  // DEBUG_E2E=1 prints the app's errors (an 'internal error' answer says nothing more).
  const startOptions = {
    ...options.start,
    logger: process.env.DEBUG_E2E ? createLogger('error') : silentLogger,
    turnWindowMs: options.turnWindowMs ?? 0,
  };
  const kora = await startKora(config, startOptions);
  return wrap(kora, dataDir, env, startOptions);
}

function wrap(
  kora: KoraApp,
  dataDir: string,
  env: Record<string, string>,
  startOptions: StartOptions,
): TestApp {
  const url = kora.url;
  const app: TestApp = {
    url,
    dataDir,
    adminEmail: env.ADMIN_EMAIL ?? ADMIN_EMAIL,
    adminPassword: env.ADMIN_PASSWORD ?? ADMIN_PASSWORD,
    kora,
    async login() {
      const response = await fetch(`${url}/api/admin/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: app.adminEmail, password: app.adminPassword }),
      });
      if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
      return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    },
    stop: () => kora.close(),
    async restart() {
      await kora.close();
      const port = new URL(url).port;
      const next = await startKora({ ...loadConfig(env), port: Number(port) }, startOptions);
      return wrap(next, dataDir, env, startOptions);
    },
  };
  return app;
}
