/**
 * bench/fanout: N socket.io clients in one web group, one member sends, every other member receives
 * each message live. Figures: delivery latency (send → `message` event at each receiver, p50/p95/p99),
 * receipts missing (must be 0) and the server's resident memory per connection, at 1,000 and 5,000
 * clients. Baseline in the same run: a bare socket.io 4.8 server (bench/fanout-baseline.ts, a plain room
 * broadcast of a message of the same shape) with the same clients and messages; Kora's p95 is reported
 * as a ratio of the baseline's.
 *
 * Kora runs as users run it (`node dist/server/main.js`, a child process). The receiving clients are
 * spread over worker threads, so decoding N packets per message is not one event loop's queue in
 * front of the server's. The sender stamps the wall clock (timeOrigin + now, sub-millisecond, the same
 * clock in every thread) into the text; each receiver subtracts it from its own clock on arrival.
 *
 * `node --import tsx bench/run.ts fanout` runs only this one. FANOUT_SIZES=1000,5000 (default) and
 * FANOUT_CLIENT_WORKERS (default 2) change the sizes and the number of client threads.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { percentile, report, round, visitorHeaders } from './lib.js';
import { adminCookie, rssMb, start, stop } from './server.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROLE = 'kora-bench-fanout-clients';
/** Messages measured per run: one member may send 10 in 10 s (CONTRACT.md), 500 ms apart. */
const MESSAGES = 10;
const SEND_INTERVAL_MS = 500;
const MESSAGES_RANGE = Array.from({ length: MESSAGES }, (_, seq) => seq);
/** Connections being opened and joined at once, over all client threads. */
const JOIN_CONCURRENCY = 200;
/** How long after the last send a missing receipt is given up on. */
const DRAIN_TIMEOUT_MS = 20_000;
const TAG = 'fanout';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between threads. */
const clock = () => performance.timeOrigin + performance.now();
/** FANOUT_DEBUG=1: the phases on stderr, with their times. */
const debug = (what: string) => {
  if (process.env.FANOUT_DEBUG) process.stderr.write(`${new Date().toISOString().slice(11, 23)} ${what}\n`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A timeout for a race that does not keep the process alive once the race is over. */
const deadline = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** CPU time (user + system) a process has used so far, in ms (Linux: /proc/<pid>/stat, in clock ticks). */
function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the file, 12 and 13 after the command name; 100 ticks/s.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface JoinReply {
  ok: boolean;
  error?: unknown;
  member?: { id: string };
  conversationId?: string;
}

function connect(url: string, visitor: number): Promise<Socket> {
  const socket = io(`${url}/chat`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: visitorHeaders(visitor),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Warm-up members and the sender come from addresses of their own, apart from the members'. */
const WARM_UP_VISITORS = 1_000_000;
const SENDER_VISITOR = 2_000_000;

async function connectAndJoin(url: string, group: string, name: string, visitor: number): Promise<Socket> {
  const socket = await connect(url, visitor);
  for (let attempt = 1; ; attempt++) {
    const reply = (await socket.timeout(60_000).emitWithAck('join', { group, name })) as JoinReply;
    if (reply.ok && reply.conversationId === group) return socket;
    // As the page would, a join that failed inside the server is asked again (on PostgreSQL, a
    // serialization failure that outlived the store's retries under many joins at once); said on stderr.
    const internal = (reply.error as { code?: string } | undefined)?.code === 'internal';
    if (!internal || attempt >= 20) {
      socket.close();
      throw new Error(`join refused: ${JSON.stringify(reply)}`);
    }
    console.error(`fanout: join of ${name} failed inside the server, asked again`);
    await sleep(Math.random() * 50 * attempt);
  }
}

/** `count` clients joined `concurrency` at a time; `make(i)` opens the i-th. */
async function inBatches<T>(
  count: number,
  concurrency: number,
  make: (i: number) => Promise<T>,
): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await make(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The client threads: each opens its share of the members, records every receipt, reports on demand.

interface ClientSetup {
  role: typeof ROLE;
  url: string;
  group: string;
  first: number;
  count: number;
  concurrency: number;
  messages: number;
}

type ToWorker = { type: 'collect' } | { type: 'close' };
export interface ClientResult {
  type: 'result';
  latencies: Float64Array;
  received: number;
  duplicates: number;
  foreign: number;
  payloadBytes: number;
  /** The last receipt of each message. */
  slowest: Float64Array;
}

async function clientThread(setup: ClientSetup): Promise<void> {
  const port = parentPort!;
  const { messages, count } = setup;
  const latencies = new Float64Array(count * messages);
  const seen = new Uint8Array(count * messages);
  const perSocket = new Uint16Array(count);
  const slowest = new Float64Array(messages);
  let received = 0;
  let duplicates = 0;
  let foreign = 0;
  let complete = 0;
  let payloadBytes = 0;
  const sockets = await inBatches(count, setup.concurrency, async (i) => {
    const socket = await connectAndJoin(setup.url, setup.group, `Member ${setup.first + i}`, setup.first + i);
    socket.on('message', (event: { conversationId: string; message: { text: string } }) => {
      const at = clock();
      const [tag, seqText, sentText] = event.message.text.split(' ', 3);
      const seq = Number(seqText);
      if (tag !== TAG || event.conversationId !== setup.group || !(seq >= 0 && seq < messages)) {
        foreign++;
        return;
      }
      if (payloadBytes === 0) payloadBytes = Buffer.byteLength(JSON.stringify(event));
      const slot = i * messages + seq;
      if (seen[slot]) {
        duplicates++;
        return;
      }
      seen[slot] = 1;
      const latency = at - Number(sentText);
      latencies[received++] = latency;
      if (latency > slowest[seq]!) slowest[seq] = latency;
      if (++perSocket[i]! === messages && ++complete === count) port.postMessage({ type: 'complete' });
    });
    return socket;
  });
  port.postMessage({ type: 'joined' });
  port.on('message', async (command: ToWorker) => {
    if (command.type === 'collect') {
      const result: ClientResult = {
        type: 'result',
        latencies: latencies.slice(0, received),
        received,
        duplicates,
        foreign,
        payloadBytes,
        slowest,
      };
      port.postMessage(result, [result.latencies.buffer as ArrayBuffer]);
    } else {
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.disconnected) return resolve();
              socket.once('disconnect', () => resolve());
              socket.close();
            }),
        ),
      );
      port.postMessage({ type: 'closed' });
      port.close();
    }
  });
}

if (!isMainThread && (workerData as ClientSetup | undefined)?.role === ROLE) {
  clientThread(workerData as ClientSetup).catch((error: unknown) => {
    parentPort!.postMessage({ type: 'error', message: String((error as Error)?.stack ?? error) });
  });
}

/** One client thread as seen from the orchestrating thread. */
class ClientThread {
  readonly worker: Worker;
  readonly #waiting = new Map<string, (value: unknown) => void>();
  #failure: Error | null = null;
  #failed: (error: Error) => void = () => {};
  readonly failed = new Promise<never>((_, reject) => {
    this.#failed = reject;
  });
  complete = false;

  constructor(setup: Omit<ClientSetup, 'role'>) {
    this.failed.catch(() => {});
    // Node 20 does not run `--import tsx` in worker threads: the thread registers tsx, then loads this file.
    const load = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
      .then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
    this.worker = new Worker(load, { eval: true, workerData: { role: ROLE, ...setup } });
    this.worker.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'error') return this.#fail(new Error(message.message));
      if (message.type === 'complete') this.complete = true;
      this.#waiting.get(message.type)?.(message);
      this.#waiting.delete(message.type);
    });
    this.worker.on('error', (error) => this.#fail(error));
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#failed(error);
  }

  next<T>(type: string): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const arrived = new Promise<T>((resolve) => this.#waiting.set(type, resolve as (value: unknown) => void));
    return Promise.race([arrived, this.failed]);
  }

  async collect(): Promise<ClientResult> {
    const result = this.next<ClientResult>('result');
    this.worker.postMessage({ type: 'collect' } satisfies ToWorker);
    return result;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    if (!this.#failure) {
      const closed = this.next('closed');
      this.worker.postMessage({ type: 'close' } satisfies ToWorker);
      await Promise.race([closed, deadline(30_000)]).catch(() => {});
    }
    await Promise.race([exited, deadline(5_000)]);
    await this.worker.terminate();
  }
}

// ---------------------------------------------------------------------------------------------------
// The orchestration: a server, a warm-up, N members joined, memory, 10 messages, the receipts.

export interface Target {
  name: 'kora' | 'baseline';
  url: string;
  /** Where the receivers connect, thread by thread in turn (several processes); default `url`. */
  receiverUrls?: string[];
  pid: number;
  /** A new group (Kora: through the admin API) for `label`. */
  group(label: string): Promise<string>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startKora(): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-fanout-'));
  const running = await start(dataDir, await freePort(), true);
  const cookie = await adminCookie(running.url).catch(async (error: unknown) => {
    await stop(running);
    throw error;
  });
  return {
    name: 'kora',
    url: running.url,
    pid: running.child.pid!,
    async group(label) {
      const response = await fetch(`${running.url}/api/admin/groups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ name: label }),
      });
      if (response.status !== 201) throw new Error(`group creation failed: ${response.status}`);
      return ((await response.json()) as { id: string }).id;
    },
    async close() {
      await stop(running);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startBaseline(): Promise<Target> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/fanout-baseline.ts')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the baseline server exited (${code}): ${output}`)));
  });
  return {
    name: 'baseline',
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async group(label) {
      return label;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Exercises join, send and broadcast before anything is measured, in a group of its own. */
async function warmUp(target: Target): Promise<void> {
  const group = await target.group('Warm-up');
  const sockets = await inBatches(20, 20, (i) =>
    connectAndJoin(target.url, group, `Warm-up ${i}`, WARM_UP_VISITORS + i),
  );
  let receipts = 0;
  for (const socket of sockets.slice(1)) socket.on('message', () => receipts++);
  for (let i = 0; i < 5; i++) {
    const reply = await sockets[0]!.emitWithAck('send', {
      conversationId: group,
      text: `warm-up ${i}`,
      clientMessageId: `warm-up-${i}`,
    });
    if (!reply.ok) throw new Error(`warm-up send refused: ${JSON.stringify(reply)}`);
    await sleep(50);
  }
  const until = Date.now() + 5_000;
  while (receipts < 19 * 5 && Date.now() < until) await sleep(10);
  for (const socket of sockets) socket.close();
  await sleep(1_000);
}

export interface FanoutResult {
  /** Every receipt's latency, sorted. */
  latencies: Float64Array;
  clients: number;
  receivers: number;
  messages: number;
  expected: number;
  received: number;
  missing: number;
  duplicates: number;
  foreign: number;
  payloadBytes: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  joinMs: number;
  serverRssBeforeMb: number;
  serverRssAfterMb: number;
  kbPerConnection: number;
  benchRssMb: number;
  /** CPU used from the first send to the last receipt: the server child, and this process (all threads). */
  serverCpuMs: number;
  clientsCpuMs: number;
}

export async function fanout(target: Target, clients: number, threads: number): Promise<FanoutResult> {
  await warmUp(target);
  debug(`${target.name} ${clients}: warmed up`);
  const serverRssBeforeMb = rssMb(target.pid);
  const group = await target.group(`Fan-out ${clients}`);
  const joinStarted = clock();
  const sender = await connectAndJoin(target.url, group, 'Sender', SENDER_VISITOR);
  const receivers = clients - 1;
  const workers: ClientThread[] = [];
  try {
    for (let t = 0, first = 0; t < threads; t++) {
      const count = Math.floor(receivers / threads) + (t < receivers % threads ? 1 : 0);
      workers.push(
        new ClientThread({
          url: target.receiverUrls?.[t % target.receiverUrls.length] ?? target.url,
          group,
          first,
          count,
          concurrency: Math.max(1, Math.floor(JOIN_CONCURRENCY / threads)),
          messages: MESSAGES,
        }),
      );
      first += count;
    }
    await Promise.all(workers.map((w) => w.next('joined')));
    const joinMs = clock() - joinStarted;
    debug(`${target.name} ${clients}: joined in ${round(joinMs, 0)} ms`);
    await sleep(2_000); // idle: the joins' garbage has a chance to be collected
    const serverRssAfterMb = rssMb(target.pid);
    const benchRssMb = process.memoryUsage().rss / 2 ** 20;

    const serverCpuBefore = processCpuMs(target.pid);
    const benchCpuBefore = process.cpuUsage();
    const acks: Promise<{ ok: boolean }>[] = [];
    for (let seq = 0; seq < MESSAGES; seq++) {
      if (seq > 0) await sleep(SEND_INTERVAL_MS);
      acks.push(
        sender.timeout(30_000).emitWithAck('send', {
          conversationId: group,
          text: `${TAG} ${seq} ${clock().toFixed(3)} Bonjour à tous, la séance de ce soir commence à 19 h.`,
          clientMessageId: `fanout-${seq}`,
        }),
      );
    }
    for (const ack of await Promise.all(acks))
      if (!ack.ok) throw new Error(`send refused: ${JSON.stringify(ack)}`);
    debug(`${target.name} ${clients}: sent and acknowledged`);
    const until = Date.now() + DRAIN_TIMEOUT_MS;
    while (!workers.every((w) => w.complete) && Date.now() < until) {
      await Promise.race([sleep(20), ...workers.map((w) => w.failed)]);
    }
    const serverCpuMs = processCpuMs(target.pid) - serverCpuBefore;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const clientsCpuMs = (benchCpu.user + benchCpu.system) / 1_000;
    debug(`${target.name} ${clients}: drained`);
    const results = await Promise.all(workers.map((w) => w.collect()));
    const all = new Float64Array(results.reduce((sum, r) => sum + r.received, 0));
    let offset = 0;
    for (const r of results) {
      all.set(r.latencies, offset);
      offset += r.received;
    }
    all.sort();
    const slowest = MESSAGES_RANGE.map((seq) => round(Math.max(...results.map((r) => r.slowest[seq]!)), 0));
    debug(`${target.name} ${clients}: last receipt of each message (ms) ${slowest.join(' ')}`);
    const expected = receivers * MESSAGES;
    return {
      clients,
      receivers,
      messages: MESSAGES,
      expected,
      received: all.length,
      missing: expected - all.length,
      duplicates: results.reduce((sum, r) => sum + r.duplicates, 0),
      foreign: results.reduce((sum, r) => sum + r.foreign, 0),
      payloadBytes: Math.max(...results.map((r) => r.payloadBytes)),
      ...percentiles(all),
      latencies: all,
      joinMs,
      serverRssBeforeMb,
      serverRssAfterMb,
      kbPerConnection: ((serverRssAfterMb - serverRssBeforeMb) * 1024) / clients,
      benchRssMb,
      serverCpuMs,
      clientsCpuMs,
    };
  } finally {
    sender.close();
    await Promise.all(workers.map((w) => w.close()));
    debug(`${target.name} ${clients}: clients closed`);
  }
}

function percentiles(sorted: Float64Array) {
  const latencies = Array.from(sorted);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}

/** Several rounds as one: receipts pooled, counts and CPU summed, the worst memory and join time. */
export function combine(rounds: FanoutResult[]): FanoutResult {
  const sum = (of: (r: FanoutResult) => number) => rounds.reduce((total, r) => total + of(r), 0);
  const latencies = new Float64Array(sum((r) => r.latencies.length));
  let offset = 0;
  for (const r of rounds) {
    latencies.set(r.latencies, offset);
    offset += r.latencies.length;
  }
  latencies.sort();
  const worstMemory = rounds.reduce((a, b) => (b.kbPerConnection > a.kbPerConnection ? b : a));
  return {
    ...worstMemory,
    latencies,
    ...percentiles(latencies),
    messages: sum((r) => r.messages),
    expected: sum((r) => r.expected),
    received: sum((r) => r.received),
    missing: sum((r) => r.missing),
    duplicates: sum((r) => r.duplicates),
    foreign: sum((r) => r.foreign),
    payloadBytes: Math.max(...rounds.map((r) => r.payloadBytes)),
    joinMs: Math.max(...rounds.map((r) => r.joinMs)),
    benchRssMb: Math.max(...rounds.map((r) => r.benchRssMb)),
    serverCpuMs: sum((r) => r.serverCpuMs),
    clientsCpuMs: sum((r) => r.clientsCpuMs),
  };
}

export function figures(result: FanoutResult) {
  return {
    clients: result.clients,
    messages: result.messages,
    receipts: result.received,
    missing: result.missing,
    ...(result.duplicates ? { duplicates: result.duplicates } : {}),
    ...(result.foreign ? { foreign: result.foreign } : {}),
    payloadBytes: result.payloadBytes,
    p50Ms: round(result.p50, 1),
    p95Ms: round(result.p95, 1),
    p99Ms: round(result.p99, 1),
    maxMs: round(result.max, 1),
    serverCpuMsPerMessage: round(result.serverCpuMs / result.messages, 1),
    clientsCpuMsPerMessage: round(result.clientsCpuMs / result.messages, 1),
  };
}

const TARGET_P95: Record<number, number> = { 1000: 75, 5000: 200 };

export async function withTarget<T>(
  make: () => Promise<Target>,
  run: (target: Target) => Promise<T>,
): Promise<T> {
  const target = await make();
  try {
    return await run(target);
  } finally {
    await target.close();
  }
}

export async function runFanout(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/server/main.js'))) throw new Error('run `npm run build` first');
  const sizes = (process.env.FANOUT_SIZES ?? '1000,5000').split(',').map(Number);
  const threads = Number(
    process.env.FANOUT_CLIENT_WORKERS ?? Math.min(4, Math.max(2, os.availableParallelism() - 1)),
  );
  const rounds = Number(process.env.FANOUT_ROUNDS ?? 2);
  if (sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new Error('FANOUT_SIZES: whole numbers ≥ 2');
  if (!Number.isInteger(threads) || threads < 1) throw new Error('FANOUT_CLIENT_WORKERS: a whole number ≥ 1');
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('FANOUT_ROUNDS: a whole number ≥ 1');
  for (const clients of sizes) {
    debug(`${clients} clients: starting`);
    // A fresh server per round, Kora and the baseline in turn (alternating who goes first), so a burst
    // of load from elsewhere on the machine lands on both rather than on one.
    const bareRounds: FanoutResult[] = [];
    const koraRounds: FanoutResult[] = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? (['baseline', 'kora'] as const) : (['kora', 'baseline'] as const);
      for (const name of order) {
        if (name === 'baseline')
          bareRounds.push(await withTarget(startBaseline, (t) => fanout(t, clients, threads)));
        else koraRounds.push(await withTarget(startKora, (t) => fanout(t, clients, threads)));
      }
    }
    const bare = combine(bareRounds);
    const kora = combine(koraRounds);
    report({
      figure: `fanout.baseline_socketio.${clients}_clients`,
      unit: 'ms from send to each receiver',
      ...figures(bare),
      kbPerConnection: round(bare.kbPerConnection, 1),
      rounds,
      clientThreads: threads,
    });
    const target = TARGET_P95[clients];
    report({
      figure: `fanout.kora.${clients}_clients.latency`,
      unit: 'ms from send to each receiver',
      ...figures(kora),
      p50Ratio: round(kora.p50 / bare.p50, 2),
      p95Ratio: round(kora.p95 / bare.p95, 2),
      p99Ratio: round(kora.p99 / bare.p99, 2),
      joinPerSec: round((clients / kora.joinMs) * 1_000, 0),
      // Everything shares the machine's cores: a busy machine shows here first.
      loadAverage1m: round(os.loadavg()[0]!, 2),
      rounds,
      clientThreads: threads,
      target: `p95 <= ${target ?? '-'} ms, missing 0`,
    });
    report({
      figure: `fanout.kora.${clients}_clients.memory`,
      unit: 'KB of server RSS per connection (worst round)',
      value: round(kora.kbPerConnection, 1),
      serverRssBeforeMb: round(kora.serverRssBeforeMb),
      serverRssAfterMb: round(kora.serverRssAfterMb),
      baselineKbPerConnection: round(bare.kbPerConnection, 1),
      benchProcessRssMb: round(kora.benchRssMb),
      target: '<= 60 KB',
    });
  }
}
