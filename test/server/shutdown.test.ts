import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm start', () => {
  it('prints the URL, the setup link and the channels, and stops cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-start-'));
    const port = 41_000 + Math.floor(Math.random() * 2_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 15_000;
    while (!output.includes('Channels on:') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain(`Kora is running at http://localhost:${port}`);
    expect(output).toMatch(/admin\/setup\?token=[\w-]{20,}/);
    expect(output).toMatch(/Web chat: http:\/\/localhost:\d+\/c\/[\w-]+/);
    expect(output).toContain('Channels on: web');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: stopping');
  });
});
