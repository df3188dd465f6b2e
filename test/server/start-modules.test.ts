/**
 * A start on the embedded store with nothing optional configured loads none of the SDKs of the parts
 * it does not use: PostgreSQL (pg, socket.io's and Agenda's PostgreSQL backends), the channels' SDKs,
 * Stripe, the AI providers' SDKs, the QR code encoder. Parsing them is time taken from every cold
 * start (issue 17 item 9); each is imported with `import()` when its configuration turns it on. Nor
 * does it parse the admin API (loaded with the first admin request) nor start the store's checkpoint
 * thread before it is ready.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '../..');

/** Package names (`@scope/name` or `name`) of the files a module list holds under node_modules. */
function packagesOf(modules: string[]): Set<string> {
  const names = new Set<string>();
  for (const module of modules) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(decodeURIComponent(module));
    if (match) names.add(match[1]!);
  }
  return names;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function startAndList(
  env: Record<string, string> = {},
): Promise<{ ready: number; workers: number; modules: string[]; packages: Set<string> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-start-modules-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/start-modules-process.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = /^MODULES (.*)$/m.exec(out);
      if (code !== 0 || !line) return reject(new Error(`the start process exited with ${code}: ${out}`));
      const { ready, workers, modules } = JSON.parse(line[1]!) as {
        ready: number;
        workers: number;
        modules: string[];
      };
      resolve({ ready, workers, modules, packages: packagesOf(modules) });
    });
  });
}

const OPTIONAL_SDKS = [
  'pg',
  '@socket.io/postgres-adapter',
  '@agendajs/postgres-backend',
  'grammy',
  'twilio',
  '@whiskeysockets/baileys',
  '@microsoft/agents-hosting',
  'resend',
  'stripe',
  'openai',
  '@anthropic-ai/sdk',
  'qrcode',
];

it('starts on the embedded store without loading the SDKs of the parts left unconfigured', async () => {
  const { ready, workers, modules, packages } = await startAndList();
  expect(ready).toBe(200);
  // What a start does load is seen: the list is not empty for want of looking.
  expect(packages).toContain('express');
  expect(packages).toContain('better-sqlite3');
  expect(OPTIONAL_SDKS.filter((name) => packages.has(name))).toEqual([]);
  // Nor the admin API's routes and schemas: they load with the first admin request.
  expect(modules.filter((url) => url.includes('/server/admin/') && url.endsWith('-routes.ts'))).toEqual([]);
  expect(modules.some((url) => url.endsWith('/server/app.ts'))).toBe(true);
  // The store's checkpoint thread (a Node isolate of its own) starts after the server is up.
  expect(workers).toBe(0);
}, 60_000);

it('loads Stripe’s SDK when STRIPE_* turn payments on', async () => {
  const { ready, packages } = await startAndList({
    STRIPE_SECRET_KEY: 'sk_test_0123456789abcdef',
    STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdefghij',
    STRIPE_API_BASE_URL: 'http://127.0.0.1:9',
  });
  expect(ready).toBe(200);
  expect(packages).toContain('stripe');
  expect(packages).not.toContain('pg');
}, 60_000);
