// Overhead of @msp/runtime against bare node:http (bench/servers/*.mjs, compiled JS, no tsx):
// cold start (spawn to the first answer, median of BENCH_STARTS runs) and throughput and latency
// of a trivial JSON answer at BENCH_CONCURRENCY keep-alive connections for BENCH_SECONDS. Prints
// each variant and its ratio to the baseline. Needs `npm run build` first (npm run bench does).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers.ts';

const DIR = dirname(fileURLToPath(import.meta.url));
const seconds = Math.min(Number(process.env.BENCH_SECONDS ?? 5), 10);
const concurrency = Math.min(Number(process.env.BENCH_CONCURRENCY ?? 32), 256);
const starts = Math.min(Number(process.env.BENCH_STARTS ?? 5), 20);

interface Variant {
  name: string;
  script: string;
  env: Record<string, string>;
  path: string;
}

const VARIANTS: Variant[] = [
  { name: 'node:http', script: 'plain.mjs', env: {}, path: '/' },
  { name: 'runtime, no request logs', script: 'sdk.mjs', env: { LOG_LEVEL: 'warn' }, path: '/' },
  { name: 'runtime, request logs', script: 'sdk.mjs', env: { LOG_LEVEL: 'info' }, path: '/' },
  {
    name: 'runtime, request logs + metrics',
    script: 'sdk.mjs',
    env: { LOG_LEVEL: 'info', OTEL_METRICS_EXPORTER: 'prometheus' },
    path: '/',
  },
];

function get(agent: Agent | false, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function startServer(
  v: Variant,
): Promise<{ port: number; startMs: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(DIR, 'servers', v.script)], {
    env: { PATH: process.env.PATH, PORT: String(port), ...v.env },
    // Logs are written (JSON serialisation included) and discarded.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (;;) {
    try {
      if ((await get(false, port, v.path)) === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 30_000) throw new Error(`${v.name} did not start`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const startMs = performance.now() - t0;
  return {
    port,
    startMs,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function load(port: number, path: string, ms: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          if ((await get(agent, port, path)) !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
  return { rps: latencies.length / elapsed, p50: pct(50), p99: pct(99), errors };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (!existsSync(join(DIR, '..', 'dist', 'index.js'))) throw new Error('run `npm run build` first');
  console.log(
    `overhead: ${seconds}s per variant at ${concurrency} connections, cold start median of ${starts}`,
  );
  const rows: { name: string; startMs: number; rps: number; p50: number; p99: number; errors: number }[] = [];
  for (const v of VARIANTS) {
    const startTimes: number[] = [];
    for (let i = 0; i < starts; i++) {
      const s = await startServer(v);
      startTimes.push(s.startMs);
      await s.stop();
    }
    const s = await startServer(v);
    await load(s.port, v.path, 1000); // warm-up
    const r = await load(s.port, v.path, seconds * 1000);
    await s.stop();
    rows.push({ name: v.name, startMs: median(startTimes), ...r });
  }
  const base = rows[0]!;
  console.log('');
  console.log(
    'variant                            start ms  ×start    req/s  ×req/s   p50 ms   p99 ms  errors',
  );
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(34)} ${r.startMs.toFixed(0).padStart(8)} ${(r.startMs / base.startMs).toFixed(2).padStart(6)} ${r.rps.toFixed(0).padStart(8)} ${(r.rps / base.rps).toFixed(2).padStart(7)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.errors).padStart(7)}`,
    );
  }
  console.log('');
  console.log(`overhead-json: ${JSON.stringify({ node: process.version, concurrency, rows })}`);
  if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
}

await main();
