/**
 * `npm run bench -- flood`: one client address against the built server (issue 15, item 6). It tries
 * to create thousands of members, to send from every member it got, to flood a busy group with
 * typing and to hold thousands of connections, while 50 members from other addresses sit in the group
 * and /healthz is probed. Prints what got through and /healthz's latency during the burst against the
 * same probe on the idle server (a ratio, not a wall-clock bound). The bench plays a reverse proxy
 * (TRUST_PROXY=127.0.0.1): the attacker is one X-Forwarded-For address, the listeners others.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { percentile, report, round, visitorHeaders } from './lib.js';
import { adminCookie, type Running, start, stop } from './server.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ATTACKER = { 'x-forwarded-for': '203.0.113.66' };
const JOIN_ATTEMPTS = 3_000;
const CONNECTION_ATTEMPTS = 3_000;
const TYPING_EVENTS = 2_000;
const LISTENERS = 50;
const MESSAGES_PER_MEMBER = 10;

type Ack = { ok: boolean; error?: { code: string }; member?: { token: string }; conversationId?: string };

function open(url: string, headers: Record<string, string>, token?: string): Promise<Socket | null> {
  const socket = io(`${url}/chat`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
    auth: token ? { token } : {},
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', () => {
      socket.close();
      resolve(null);
    });
  });
}

const ask = (socket: Socket, event: string, payload: unknown) =>
  socket.timeout(30_000).emitWithAck(event, payload) as Promise<Ack>;

/**
 * Probes /healthz every 10 ms from a thread of its own (the flooding thread's busy event loop must not
 * count as the server's latency) until stopped: each probe's start time and latency.
 */
function probeHealth(url: string) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     let running = true;
     const probes = [];
     parentPort.once('message', () => { running = false; });
     (async () => {
       while (running) {
         const at = performance.timeOrigin + performance.now();
         await fetch(workerData + '/healthz').then((r) => r.arrayBuffer());
         probes.push([at, performance.timeOrigin + performance.now() - at]);
         await new Promise((resolve) => setTimeout(resolve, 10));
       }
       parentPort.postMessage(probes);
     })();`,
    { eval: true, workerData: url },
  );
  return async (): Promise<[number, number][]> => {
    const probes = new Promise<[number, number][]>((resolve) => worker.once('message', resolve));
    worker.postMessage('stop');
    const result = await probes;
    await worker.terminate();
    return result;
  };
}

const wallClock = () => performance.timeOrigin + performance.now();

/** `count` tasks, `lanes` at a time. */
async function inLanes<T>(count: number, lanes: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) out.push(await task(next++));
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return out;
}

/** New members through the entry link, each on a socket of its own (as a script would). */
async function floodJoins(url: string, link: string) {
  const tokens: string[] = [];
  let refused = 0;
  await inLanes(JOIN_ATTEMPTS, 50, async (i) => {
    const socket = await open(url, ATTACKER);
    if (!socket) return refused++;
    const reply = await ask(socket, 'join', { link, name: `Bot ${i}` });
    socket.close();
    if (reply.ok && reply.member) tokens.push(reply.member.token);
    else refused++;
  });
  return { tokens, refused };
}

/** Every member the attacker got sends its 10 messages at once in its conversation. */
async function floodMessages(url: string, members: { token: string; conversationId: string }[]) {
  let accepted = 0;
  let attempted = 0;
  await Promise.all(
    members.map(async ({ token, conversationId }, m) => {
      const socket = await open(url, ATTACKER, token);
      if (!socket) return;
      const replies = await Promise.all(
        Array.from({ length: MESSAGES_PER_MEMBER }, (_, i) =>
          ask(socket, 'send', { conversationId, text: 'Combien ?', clientMessageId: `f-${m}-${i}` }),
        ),
      );
      attempted += replies.length;
      accepted += replies.filter((reply) => reply.ok).length;
      socket.close();
    }),
  );
  return { attempted, accepted };
}

/** Thousands of connections at once; how many the server accepted. */
async function floodConnections(url: string) {
  const sockets = await Promise.all(Array.from({ length: CONNECTION_ATTEMPTS }, () => open(url, ATTACKER)));
  const accepted = sockets.filter(Boolean).length;
  for (const socket of sockets) socket?.close();
  return accepted;
}

/** A group of 50 listeners (other addresses) and the attacker's typist in it. */
async function busyGroup(url: string, cookie: string) {
  const created = await fetch(`${url}/api/admin/groups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: 'Cercle' }),
  });
  const group = ((await created.json()) as { id: string }).id;
  const listeners = await Promise.all(
    Array.from({ length: LISTENERS }, async (_, i) => {
      const socket = (await open(url, visitorHeaders(i)))!;
      await ask(socket, 'join', { group, name: `Listener ${i}` });
      return socket;
    }),
  );
  const typist = (await open(url, ATTACKER))!;
  await ask(typist, 'join', { group, name: 'Typist' });
  return { group, listeners, typist };
}

async function floodTyping(typist: Socket, group: string, listeners: Socket[]) {
  let fannedOut = 0;
  for (const socket of listeners) socket.on('typing', () => fannedOut++);
  const replies = await Promise.all(
    Array.from({ length: TYPING_EVENTS }, () => ask(typist, 'typing', { conversationId: group })),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { sent: replies.length, fannedOut };
}

async function countContacts(url: string, cookie: string): Promise<number> {
  const response = await fetch(`${url}/api/admin/contacts?limit=1`, { headers: { cookie } });
  return ((await response.json()) as { total: number }).total;
}

/** /healthz latency percentiles over the probes started in [from, to). */
function healthz(probes: [number, number][], from: number, to: number) {
  const latencies = probes
    .filter(([at]) => at >= from && at < to)
    .map(([, latency]) => latency)
    .sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    probes: latencies.length,
  };
}

/** Runs the phases in order, noting when each began and ended. */
async function phases(running: Running, cookie: string) {
  const marks: Record<string, [number, number]> = {};
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const began = wallClock();
    const result = await run();
    marks[name] = [began, wallClock()];
    return result;
  };
  const link = running.chatUrl.split('/c/')[1]!;
  await timed('idle', () => new Promise((resolve) => setTimeout(resolve, 1_500)));
  const { group, listeners, typist } = await busyGroup(running.url, cookie);
  const contactsBefore = await countContacts(running.url, cookie);
  const joins = await timed('joins', () => floodJoins(running.url, link));
  const members = await Promise.all(joins.tokens.map((token) => conversationOf(running.url, token)));
  const messages = await timed('messages', () =>
    floodMessages(
      running.url,
      members.filter((m) => m !== null),
    ),
  );
  const typing = await timed('typing', () => floodTyping(typist, group, listeners));
  const connections = await timed('connections', () => floodConnections(running.url));
  for (const socket of [...listeners, typist]) socket.close();
  const created = (await countContacts(running.url, cookie)) - contactsBefore;
  return { marks, joins, created, members: members.length, messages, typing, connections };
}

export async function runFlood(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/server/main.js'))) throw new Error('run `npm run build` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-flood-'));
  const running = await start(dataDir, 40_000 + Math.floor(Math.random() * 1_000), true);
  try {
    const cookie = await adminCookie(running.url);
    const stopProbe = probeHealth(running.url);
    const result = await phases(running, cookie);
    const probes = await stopProbe();
    const { marks } = result;
    report({
      figure: 'flood.members',
      attempted: JOIN_ATTEMPTS,
      created: result.created,
      refused: result.joins.refused,
    });
    report({ figure: 'flood.messages', members: result.members, ...result.messages });
    report({ figure: 'flood.typing', ...result.typing, listeners: LISTENERS });
    report({ figure: 'flood.connections', attempted: CONNECTION_ATTEMPTS, accepted: result.connections });
    const idle = healthz(probes, ...marks.idle!);
    const burst = healthz(probes, marks.joins![0], marks.connections![1]);
    const perPhase = Object.fromEntries(
      ['joins', 'messages', 'typing', 'connections'].map((name) => [name, healthz(probes, ...marks[name]!)]),
    );
    report({ figure: 'flood.healthz', idle, burst, p99Ratio: round(burst.p99Ms / idle.p99Ms, 1), perPhase });
  } finally {
    await stop(running);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The assistant conversation a new member's join opened (read back with its token). */
async function conversationOf(url: string, token: string) {
  const socket = await open(url, ATTACKER, token);
  if (!socket) return null;
  const reply = (await socket.timeout(30_000).emitWithAck('conversations', {})) as {
    ok: boolean;
    conversations?: { id: string }[];
  };
  socket.close();
  const conversationId = reply.conversations?.[0]?.id;
  return conversationId ? { token, conversationId } : null;
}
