/**
 * The whole server as users run it (`node dist/server/main.js`, a child process): web-chat messages
 * through socket.io, cold start to /readyz on an existing database, and idle memory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { BENCH_TRUST_PROXY, nowMs, percentile, report, round, visitorHeaders } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface Running {
  child: ChildProcess;
  url: string;
  chatUrl: string;
  readyMs: number;
}

export const ADMIN = { ADMIN_EMAIL: 'bench@example.com', ADMIN_PASSWORD: 'bench password 123' };

export async function start(
  dataDir: string,
  port: number,
  withAdmin = false,
  extraEnv: Record<string, string> = BENCH_TRUST_PROXY,
  main = path.join(ROOT, 'dist/server/main.js'),
): Promise<Running> {
  const began = nowMs();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [main], {
    env: withAdmin ? { ...env, ...ADMIN } : env,
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

export async function stop(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  await exited;
}

export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function connect(url: string, visitor: number): Promise<Socket> {
  const socket = io(`${url}/chat`, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: visitorHeaders(visitor),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export async function throughSocketIo(running: Running, members: number, perMember: number) {
  const link = running.chatUrl.split('/c/')[1]!;
  const sockets = await Promise.all(Array.from({ length: members }, (_, i) => connect(running.url, i)));
  const joined = await Promise.all(
    sockets.map((socket, i) => socket.emitWithAck('join', { link, name: `Member ${i}` })),
  );
  const total = members * perMember;
  // Messages sent within the reply window are answered together, so a member is done once an answer
  // arrived after their last message was acknowledged, or once each of their messages had its own
  // (without a window an answer can beat its message's acknowledgement).
  let replies = 0;
  const lastAck = new Array<number>(members).fill(Number.POSITIVE_INFINITY);
  const repliesTo = new Array<number>(members).fill(0);
  const answered = new Array<boolean>(members).fill(false);
  let waiting = members;
  let allAnswered: () => void = () => {};
  const answeredAll = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });
  const checkAnswered = (m: number, replyAt: number | null) => {
    if (answered[m]) return;
    if (repliesTo[m]! < perMember && (replyAt === null || replyAt <= lastAck[m]!)) return;
    answered[m] = true;
    if (--waiting === 0) allAnswered();
  };
  sockets.forEach((socket, m) => {
    socket.on('message', (event: { message: { sender: { type: string } } }) => {
      if (event.message.sender.type !== 'assistant') return;
      replies++;
      repliesTo[m]!++;
      checkAnswered(m, nowMs());
    });
  });
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
      lastAck[m] = nowMs();
      checkAnswered(m, null);
    }),
  );
  const ackedMs = nowMs() - began;
  await Promise.race([answeredAll, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  const answeredMs = nowMs() - began;
  for (const socket of sockets) socket.close();
  latencies.sort((a, b) => a - b);
  return {
    total,
    replies,
    membersAnswered: members - waiting,
    ackedPerSec: (total / ackedMs) * 1_000,
    allAnsweredMs: answeredMs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** The admin's session cookie (the server must have been started with the ADMIN env). */
export async function adminCookie(url: string): Promise<string> {
  const login = await fetch(`${url}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`admin login failed: ${login.status}`);
  return (login.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function setReplyWindow(url: string, replyWindowMs: number): Promise<void> {
  const response = await fetch(`${url}/api/admin/assistant`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie: await adminCookie(url) },
    body: JSON.stringify({ replyWindowMs }),
  });
  if (!response.ok) throw new Error(`setting the reply window failed: ${response.status}`);
}

/** The catalog the assistant answers from, created through the admin API as a coach would. */
async function seedCatalog(url: string): Promise<void> {
  const cookie = await adminCookie(url);
  for (const [name, price] of [
    ['Cours de méditation', 490],
    ['Retraite yoga', 890],
    ['Coaching individuel', 150],
  ] as const) {
    const response = await fetch(`${url}/api/admin/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        name,
        kind: 'course',
        description: `${name}, en ligne.`,
        price,
        currency: 'CHF',
      }),
    });
    if (response.status !== 201) throw new Error(`seeding failed: ${response.status}`);
  }
}

async function medianStart(dataDir: string, port: number, runs: number, withAdmin: boolean) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const running = await start(dataDir, port, withAdmin);
    times.push(running.readyMs);
    await stop(running);
  }
  times.sort((a, b) => a - b);
  return { median: round(percentile(times, 50)), max: round(times.at(-1)!) };
}

export async function runServer(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/server/main.js'))) throw new Error('run `npm run build` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-server-'));
  const port = 39_000 + Math.floor(Math.random() * 1_000);
  const first = await start(dataDir, port, true);
  report({ figure: 'start.cold_empty_data_dir', unit: 'ms to /readyz', value: round(first.readyMs) });
  await seedCatalog(first.url);
  await stop(first);
  report({
    figure: 'start.cold_existing_db',
    unit: 'ms to /readyz',
    ...(await medianStart(dataDir, port, 5, false)),
    target: '<= 500 ms',
  });
  report({
    figure: 'start.cold_existing_db_with_admin_env',
    unit: 'ms to /readyz',
    note: 'ADMIN_PASSWORD set: the owner password is re-hashed (scrypt) at every start',
    ...(await medianStart(dataDir, port, 3, true)),
  });
  const running = await start(dataDir, port);
  // Idle means everything started: the store's checkpoint thread begins 2 s after the store opens.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  report({
    figure: 'memory.idle_rss',
    unit: 'MB',
    value: round(rssMb(running.child.pid!)),
    target: '<= 120 MB',
  });
  const socketFigure = (figure: string, result: Awaited<ReturnType<typeof throughSocketIo>>) =>
    report({
      figure,
      messages: result.total,
      acked: result.total,
      replies: result.replies,
      membersAnswered: result.membersAnswered,
      msgPerSec: round(result.ackedPerSec, 0),
      allAnsweredMs: round(result.allAnsweredMs, 0),
      ackP50Ms: round(result.p50, 2),
      ackP99Ms: round(result.p99, 2),
      target: '>= 2000 msg/s',
    });
  // The default reply window (1.5 s) answers a member's burst once; then every message on its own.
  socketFigure('ingest.socketio', await throughSocketIo(running, 300, 10));
  await setReplyWindow(running.url, 0);
  socketFigure('ingest.socketio.every_message_answered', await throughSocketIo(running, 300, 10));
  report({ figure: 'memory.rss_after_load', unit: 'MB', value: round(rssMb(running.child.pid!)) });
  await stop(running);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
