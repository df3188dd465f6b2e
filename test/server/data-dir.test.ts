/**
 * DATA_DIR as `npm start` leaves it: every file Kora makes there (kora.db, its -wal and -shm,
 * secret.key) is 0600, the folder 0700 when Kora created it; an existing folder others can read is
 * warned about by name (with the command that fixes it) and left as it is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../core/logger.js';
import { type KoraApp, startKora } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

let root: string;
let umask: number;
let app: KoraApp | null = null;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-datadir-'));
  umask = process.umask(0o022);
});

afterEach(async () => {
  await app?.close();
  app = null;
  process.umask(umask);
  fs.rmSync(root, { recursive: true, force: true });
});

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = () => {};
  return {
    warnings,
    debug: ignore,
    info: ignore,
    error: ignore,
    warn: (_obj, msg) => warnings.push(msg ?? ''),
  };
}

async function start(dataDir: string, logger: Logger): Promise<KoraApp> {
  const env = {
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_EMAIL: 'coach@example.com',
    ADMIN_PASSWORD: 'correct horse battery staple',
    LOG_LEVEL: 'silent',
  };
  app = await startKora({ ...loadConfig(env), port: 0 }, { logger, turnWindowMs: 0 });
  // A sign-in writes a session: the WAL has been written to.
  const login = await fetch(`${app.url}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  return app;
}

/** Every entry of the folder with its mode. */
function modes(dir: string): Record<string, number> {
  return Object.fromEntries(fs.readdirSync(dir).map((name) => [name, mode(path.join(dir, name))]));
}

describe('DATA_DIR permissions', () => {
  it('creates DATA_DIR 0700 and every file in it 0600 (umask 022)', async () => {
    const dataDir = path.join(root, 'data');
    const logger = recordingLogger();
    await start(dataDir, logger);
    expect(mode(dataDir)).toBe(0o700);
    expect(modes(dataDir)).toEqual({
      'kora.db': 0o600,
      'kora.db-shm': 0o600,
      'kora.db-wal': 0o600,
      'secret.key': 0o600,
    });
    expect(logger.warnings.filter((w) => w.includes('chmod'))).toEqual([]);
  });

  it('warns about an existing DATA_DIR others can read, names the fix, and leaves its mode', async () => {
    const dataDir = path.join(root, 'shared');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    const logger = recordingLogger();
    await start(dataDir, logger);
    expect(mode(dataDir)).toBe(0o755);
    expect(logger.warnings).toContainEqual(expect.stringContaining(`chmod 700 ${dataDir}`));
    for (const [name, fileMode] of Object.entries(modes(dataDir))) expect(fileMode, name).toBe(0o600);
  });

  it('tightens a secret.key it finds looser than 0600', async () => {
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir, { mode: 0o700 });
    fs.writeFileSync(path.join(dataDir, 'secret.key'), `${'k'.repeat(48)}\n`, { mode: 0o644 });
    await start(dataDir, recordingLogger());
    expect(mode(path.join(dataDir, 'secret.key'))).toBe(0o600);
  });
});
