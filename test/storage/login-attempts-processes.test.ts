/**
 * The login throttle's reservation holds across processes sharing one database: several processes
 * on the same embedded store file, racing from the same instant, get no more slots than the limit
 * between them (the unique (key, slot) decides, not anything in one process's memory).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createEmbeddedStore } from '../../storage/index.js';

const PROCESSES = 4;
const TRIES = 50;

function run(dataDir: string, startAt: number): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/storage/login-attempts-process.ts', dataDir, String(startAt), String(TRIES)],
    { cwd: path.join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => {
      const match = /RESERVED (\d+)/.exec(out);
      if (code === 0 && match) resolve(Number(match[1]));
      else reject(new Error(`process exited with ${code}: ${out}`));
    });
  });
}

it(`gives ${PROCESSES} processes racing on one database no more than 5 slots of a key between them`, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-throttle-'));
  try {
    await (await createEmbeddedStore({ dataDir })).close(); // migrations run once, before the race
    const startAt = Date.now() + 3_000;
    const reserved = await Promise.all(Array.from({ length: PROCESSES }, () => run(dataDir, startAt)));
    expect(reserved.reduce((sum, count) => sum + count, 0)).toBe(5);
    const store = await createEmbeddedStore({ dataDir });
    expect(
      (await store.loginAttempts.count('email:coach@example.com', new Date(0).toISOString())).count,
    ).toBe(5);
    await store.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
