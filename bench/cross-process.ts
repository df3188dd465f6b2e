/**
 * bench/cross-process: a room broadcast made by one process reaching clients connected to another,
 * through `@socket.io/postgres-adapter` (Kora's factory, server/postgres/socket-adapter.ts). Two
 * socket.io servers in this process stand for two Kora processes on one fresh PostgreSQL database
 * (`KORA_TEST_DATABASE_URL`, default the local server .ci/run sets up); 100 clients on each. Server B
 * emits 300 messages, 10 ms apart; latency is from B's emit to each client's receipt (one clock).
 * Baseline in the same run: B's own 100 clients (local delivery, no database in the path).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { silentLogger } from '../core/logger.js';
import { createPostgresSocketAdapter } from '../server/postgres/socket-adapter.js';
import { nowMs, percentile, report, round } from './lib.js';

const CLIENTS = 100;
const MESSAGES = 300;
const GAP_MS = 10;
const ADMIN_URL = process.env.KORA_TEST_DATABASE_URL || 'postgres://kora:kora@127.0.0.1:5432/postgres';

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T | null> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    report({ figure: 'cross_process.broadcast', skipped: `no PostgreSQL: ${(error as Error).message}` });
    return null;
  }
  const name = `kora_bench_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function startServer(url: string) {
  const sockets = await createPostgresSocketAdapter(url, silentLogger);
  const server = http.createServer();
  const io = new Server(server, { adapter: sockets.adapter });
  io.of('/chat').on('connection', (socket) => socket.join('room'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
  const close = async () => {
    await io.close();
    await sockets.close();
  };
  return { io, address, close };
}

function connectAll(
  address: string,
  latencies: number[],
  sentAt: Map<number, number>,
): Promise<ClientSocket[]> {
  return Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = connectClient(address, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      client.on('message', (seq: number) => latencies.push(nowMs() - sentAt.get(seq)!));
      await new Promise<void>((resolve) => client.once('connect', () => resolve()));
      return client;
    }),
  );
}

async function run(url: string): Promise<void> {
  const [a, b] = [await startServer(url), await startServer(url)];
  while ((await b.io.of('/chat').adapter.serverCount()) < 2) await new Promise((r) => setTimeout(r, 50));
  const sentAt = new Map<number, number>();
  const remote: number[] = [];
  const local: number[] = [];
  const clients = [
    ...(await connectAll(a.address, remote, sentAt)),
    ...(await connectAll(b.address, local, sentAt)),
  ];
  for (let seq = 0; seq < MESSAGES; seq++) {
    sentAt.set(seq, nowMs());
    b.io.of('/chat').to('room').emit('message', seq);
    await new Promise((resolve) => setTimeout(resolve, GAP_MS));
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  for (const client of clients) client.close();
  await a.close();
  await b.close();
  const figure = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    return {
      p50: round(percentile(sorted, 50), 2),
      p95: round(percentile(sorted, 95), 2),
      p99: round(percentile(sorted, 99), 2),
    };
  };
  const expected = MESSAGES * CLIENTS;
  const [other, same] = [figure(remote), figure(local)];
  report({
    figure: 'cross_process.broadcast',
    clients: CLIENTS,
    messages: MESSAGES,
    otherProcessMs: other,
    sameProcessMs: same,
    missing: { otherProcess: expected - remote.length, sameProcess: expected - local.length },
    p50AddedMs: round(other.p50 - same.p50, 2),
  });
}

export async function runCrossProcess(): Promise<void> {
  await withDatabase(run);
}
