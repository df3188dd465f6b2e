/**
 * bench/cold-start: the built server's cold start, `node dist/server/main.js` to its first 200 from
 * /readyz, as bench/growth measures it, on an empty store (made by a first start) and, with
 * `--data-dir D`, on an existing one. `--against R` starts the build in R (a checkout of another
 * commit with its own `npm run build`, e.g. `git archive <commit> | tar -x -C R`, node_modules linked)
 * alternately with this one, start by start, so both see the same machine load: on a shared machine
 * only such a comparison says what a change is worth. `--runs N` starts of each (default 5). Reports
 * the medians of wall time and of the server's CPU (10 ms ticks), and the load average.
 * `--database-url URL` starts them on that PostgreSQL database instead (DATABASE_URL), as it is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, processCpuMs, report, round } from './lib.js';
import { start, stop } from './server.js';

const ROOT = path.resolve(import.meta.dirname, '..');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function compare(
  label: string,
  dataDir: string,
  builds: string[],
  runs: number,
  env: Record<string, string> = {},
): Promise<void> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const wall = new Map<string, number[]>(builds.map((build) => [build, []]));
  const cpu = new Map<string, number[]>(builds.map((build) => [build, []]));
  for (let i = 0; i < runs; i++) {
    for (const build of builds) {
      const running = await start(dataDir, port, false, env, path.join(build, 'dist/server/main.js'));
      wall.get(build)!.push(running.readyMs);
      cpu.get(build)!.push(processCpuMs(running.child.pid!));
      await stop(running);
    }
  }
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  for (const build of builds) {
    report({
      figure: `start.cold.${label}`,
      build: build === ROOT ? 'this checkout' : build,
      medianMs: round(median(wall.get(build)!)),
      runsMs: wall.get(build)!.map((ms) => round(ms)),
      medianCpuMs: median(cpu.get(build)!),
      loadAverage: os.loadavg().map((load) => round(load, 2)),
      target: '<= 500 ms',
    });
  }
}

export async function runColdStart(): Promise<void> {
  const against = option('against');
  const builds = against ? [ROOT, path.resolve(against)] : [ROOT];
  for (const build of builds) {
    if (!fs.existsSync(path.join(build, 'dist/server/main.js'))) throw new Error(`no build in ${build}`);
  }
  const runs = Number(option('runs') ?? 5);
  const databaseUrl = option('database-url');
  if (databaseUrl) {
    // On PostgreSQL: the database as it is (a first start migrates an empty one, untimed).
    const env = { DATABASE_URL: databaseUrl, SECRET_KEY: 'cold-start-bench-secret-key-0123456789abcdef' };
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-cold-'));
    try {
      await stop(await start(dataDir, 20_000 + Math.floor(Math.random() * 20_000), true, env));
      await compare('postgres', dataDir, builds, runs, env);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    return;
  }
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-cold-'));
  try {
    // A first start makes the store (and the owner), as at an installation's first start.
    await stop(await start(empty, 20_000 + Math.floor(Math.random() * 20_000), true, {}));
    await compare('empty_store', empty, builds, runs);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
  const dataDir = option('data-dir');
  if (dataDir) await compare('existing_store', path.resolve(dataDir), builds, runs);
}
