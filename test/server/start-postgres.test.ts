/**
 * Starting Kora with DATABASE_URL: the PostgreSQL store (storage/postgres), the database check,
 * socket.io's adapter, Agenda's backend and /readyz, wired by server/backends.ts. The apps here run on
 * the real PostgreSQL store, so two apps on one database are one installation.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { startKora } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { StartError } from '../../server/start-error.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { joinThroughLink, request } from '../helpers/chat-client.js';
import { withPostgresDatabase } from '../helpers/postgres.js';

const database = await withPostgresDatabase();
const SECRET_KEY = 'a-secret-key-shared-by-every-process-0123456789';
const apps: TestApp[] = [];
const sockets: Socket[] = [];

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(apps.map((app) => app.stop()));
});

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kora-pg-start-'));
}

async function startOnPostgres(url: string): Promise<TestApp> {
  const app = await startTestApp({ env: { DATABASE_URL: url, SECRET_KEY } });
  apps.push(app);
  return app;
}

describe('npm start with DATABASE_URL', () => {
  it('goes to PostgreSQL (no refusal): an unreachable one stops it with one line; DATA_DIR is left alone', () => {
    const dataDir = path.join(tempDir(), 'data');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: 'postgres://kora:s3cret@127.0.0.1:1/kora',
        SECRET_KEY,
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: '39517',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((line) => !line.includes('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Kora could not start: the PostgreSQL database 127\.0\.0\.1:1\/kora \(DATABASE_URL\) cannot be reached: /,
    );
    expect(lines[0]).not.toContain('s3cret');
    expect(result.stdout).toBe('');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('an unreachable database stops the start with one line naming DATABASE_URL, never its password', async () => {
    const opened: string[] = [];
    const config = loadConfig({
      DATABASE_URL: 'postgres://kora:s3cret@127.0.0.1:1/kora',
      SECRET_KEY,
      DATA_DIR: tempDir(),
      LOG_LEVEL: 'silent',
    });
    const start = startKora(
      { ...config, port: 0 },
      {
        logger: silentLogger,
        postgresStore: async ({ url }) => {
          opened.push(url);
          throw new Error('the store must not be opened');
        },
      },
    );
    const error = await start.then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(StartError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^the PostgreSQL database 127\.0\.0\.1:1\/kora \(DATABASE_URL\) cannot be reached: /,
    );
    expect(message).not.toContain('\n');
    expect(message).not.toContain('s3cret');
    expect(opened).toEqual([]);
  });
});

describe.skipIf(!database)('Kora on PostgreSQL (the real store)', () => {
  it('refuses a wrong password in one line', async () => {
    const url = new URL(database!.url);
    url.password = 'not-the-password';
    const config = loadConfig({ DATABASE_URL: url.toString(), SECRET_KEY, LOG_LEVEL: 'silent' });
    const error = await startKora({ ...config, port: 0 }, { logger: silentLogger }).then(
      () => null,
      (reason: unknown) => reason as Error,
    );
    expect(error).toBeInstanceOf(StartError);
    expect(error!.message).toMatch(/cannot be reached: password authentication failed/);
    expect(error!.message).not.toContain('not-the-password');
  });

  it('/readyz names the store, postgres here and embedded by default, and Agenda runs on PostgreSQL', async () => {
    const onPostgres = await startOnPostgres(database!.url);
    expect(onPostgres.kora.store.kind).toBe('postgres');
    const embedded = await startTestApp();
    apps.push(embedded);
    const ready = async (app: TestApp) => (await fetch(`${app.url}/readyz`)).json();
    expect(await ready(onPostgres)).toMatchObject({
      ok: true,
      store: { kind: 'postgres', ok: true },
      scheduler: { ok: true, backend: 'PostgreSQL' },
    });
    expect(await ready(embedded)).toMatchObject({
      ok: true,
      store: { kind: 'embedded', ok: true },
      scheduler: { ok: true, backend: 'Kora embedded (SQLite)' },
    });
  });

  it("two apps on one database: a member's message on B reaches the coach's /admin socket on A", async () => {
    const [a, b] = await Promise.all([startOnPostgres(database!.url), startOnPostgres(database!.url)]);
    const cookie = await a.login();
    const coach = io(`${a.url}/admin`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie },
    });
    sockets.push(coach);
    await new Promise<void>((resolve, reject) => {
      coach.once('connect', () => resolve());
      coach.once('connect_error', reject);
    });
    const token = new URL(b.kora.defaultChatUrl!).pathname.split('/').pop()!;
    const customer = await joinThroughLink(b.url, token, 'Ada');
    sockets.push(customer.socket);
    const seen = new Promise<{ conversationId: string; message: { text: string } }>((resolve) => {
      coach.on('message', (event: { conversationId: string; message: { text: string } }) => {
        if (event.message.text === 'hello from B') resolve(event);
      });
    });
    const sent = await request(customer.socket, 'send', {
      conversationId: customer.conversationId,
      clientMessageId: 'hello-1',
      text: 'hello from B',
    });
    expect(sent.ok).toBe(true);
    expect((await seen).conversationId).toBe(customer.conversationId);
  });
});
