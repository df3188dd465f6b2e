/**
 * The whole server as users run it (`node dist/server/main.js`, a child process): web-chat messages
 * through socket.io, cold start to /readyz on an existing database, and idle memory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { nowMs, percentile, report, round } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Running {
  child: ChildProcess;
  url: string;
  chatUrl: string;
  readyMs: number;
}

async function start(dataDir: string, port: number): Promise<Running> {
  const began = nowMs();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/server/main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const readyMs = nowMs() - began;
  while (!/Web chat: (\S+)/.test(output)) await new Promise((resolve) => setTimeout(resolve, 10));
  const chatUrl = /Web chat: (\S+)/.exec(output)![1]!;
  return { child, url, chatUrl, readyMs };
}

async function stop(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  await exited;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function connect(url: string): Promise<Socket> {
  const socket = io(`${url}/chat`, { transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function throughSocketIo(running: Running, members: number, perMember: number) {
  const link = running.chatUrl.split('/c/')[1]!;
  const sockets = await Promise.all(Array.from({ length: members }, () => connect(running.url)));
  const joined = await Promise.all(
    sockets.map((socket, i) => socket.emitWithAck('join', { link, name: `Member ${i}` })),
  );
  const total = members * perMember;
  let replies = 0;
  let allReplied: () => void = () => {};
  const repliedAll = new Promise<void>((resolve) => {
    allReplied = resolve;
  });
  for (const socket of sockets) {
    socket.on('message', (event: { message: { sender: { type: string } } }) => {
      if (event.message.sender.type === 'assistant' && ++replies === total) allReplied();
    });
  }
  const latencies: number[] = [];
  const began = nowMs();
  await Promise.all(
    sockets.map(async (socket, m) => {
      for (let i = 0; i < perMember; i++) {
        const t0 = nowMs();
        const ack = await socket.emitWithAck('send', {
          conversationId: joined[m].conversationId,
          text: 'Combien coûte le cours ?',
          clientMessageId: `${m}-${i}`,
        });
        if (!ack.ok) throw new Error(JSON.stringify(ack.error));
        latencies.push(nowMs() - t0);
      }
    }),
  );
  const ackedMs = nowMs() - began;
  await Promise.race([repliedAll, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  const repliedMs = nowMs() - began;
  for (const socket of sockets) socket.close();
  latencies.sort((a, b) => a - b);
  return {
    total,
    replies,
    ackedPerSec: (total / ackedMs) * 1_000,
    repliedPerSec: (replies / repliedMs) * 1_000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export async function runServer(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/server/main.js'))) throw new Error('run `npm run build` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-server-'));
  const port = 39_000 + Math.floor(Math.random() * 1_000);
  const first = await start(dataDir, port);
  report({ figure: 'start.cold_empty_data_dir', unit: 'ms to /readyz', value: round(first.readyMs) });
  await stop(first);
  const starts: number[] = [];
  let running: Running | null = null;
  for (let i = 0; i < 5; i++) {
    if (running) await stop(running);
    running = await start(dataDir, port);
    starts.push(running.readyMs);
  }
  starts.sort((a, b) => a - b);
  report({
    figure: 'start.cold_existing_db',
    unit: 'ms to /readyz',
    median: round(percentile(starts, 50)),
    max: round(starts.at(-1)!),
    target: '<= 500 ms',
  });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  report({
    figure: 'memory.idle_rss',
    unit: 'MB',
    value: round(rssMb(running!.child.pid!)),
    target: '<= 120 MB',
  });
  const result = await throughSocketIo(running!, 300, 10);
  report({
    figure: 'ingest.socketio',
    messages: result.total,
    acked: result.total,
    replies: result.replies,
    msgPerSec: round(result.ackedPerSec, 0),
    repliedPerSec: round(result.repliedPerSec, 0),
    ackP50Ms: round(result.p50, 2),
    ackP99Ms: round(result.p99, 2),
    target: '>= 2000 msg/s',
  });
  report({ figure: 'memory.rss_after_load', unit: 'MB', value: round(rssMb(running!.child.pid!)) });
  await stop(running!);
}
