/**
 * Kora as separate operating-system processes on one PostgreSQL database, for the multi-process
 * suite: each is started from test/e2e/multi-process/kora-process.ts with its own port (so PUBLIC_URL
 * is its own address), and can be killed with SIGKILL and started again on the same port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface KoraProcess {
  url: string;
  pid: number;
  port: number;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts one process on `port` (a free one when omitted) and resolves once it serves HTTP. */
export async function spawnKora(env: Record<string, string>, port?: number): Promise<KoraProcess> {
  const chosen = port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/multi-process/kora-process.ts'], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(chosen),
      PUBLIC_URL: `http://127.0.0.1:${chosen}`,
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`kora process exited with ${code}: ${errors}`)));
  });
  return { url, pid: child.pid!, port: chosen, child, exited };
}

/** SIGKILL: no clean stop, nothing handed back; resolves once the process is gone. */
export async function killHard(process: KoraProcess): Promise<void> {
  process.child.kill('SIGKILL');
  await process.exited;
}

/** SIGTERM, as an orchestrator stops a replica; resolves once it has exited. */
export async function stopCleanly(process: KoraProcess): Promise<void> {
  if (process.child.exitCode !== null) return;
  process.child.kill('SIGTERM');
  await process.exited;
}
