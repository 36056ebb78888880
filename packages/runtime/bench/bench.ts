// Load benchmark of the example service on loopback: /-/healthz (runs the PostgreSQL and Redis
// checks) and GET /accounts (a PostgreSQL query). Bounded: each endpoint runs for at most
// BENCH_SECONDS (default 5, capped at 10) or BENCH_MAX_REQUESTS (default 50 000), whichever comes
// first, with BENCH_CONCURRENCY (default 32) requests in flight. Prints requests/s and latency
// percentiles. Run through scripts/test-services.sh (`npm run bench` does).
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers.ts';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE_MAIN = join(PACKAGE_DIR, '..', '..', 'examples', 'runtime-service', 'src', 'main.ts');
const SECRET = 'bench-secret';

const seconds = Math.min(Number(process.env.BENCH_SECONDS ?? 5), 10);
const maxRequests = Math.min(Number(process.env.BENCH_MAX_REQUESTS ?? 50_000), 200_000);
const concurrency = Math.min(Number(process.env.BENCH_CONCURRENCY ?? 32), 256);
const warmupMs = 1000;

interface Target {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
}

function once(agent: Agent, port: number, t: Target, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: t.method, path: t.path, headers: t.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

interface Result {
  endpoint: string;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p90ms: number;
  p99ms: number;
  maxms: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(port: number, t: Target, durationMs: number, limit: number): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(limit);
  let issued = 0;
  let done = 0;
  let errors = 0;
  const started = performance.now();
  const until = started + durationMs;
  const worker = async () => {
    while (issued < limit && performance.now() < until) {
      issued++;
      const t0 = performance.now();
      try {
        const status = await once(agent, port, t);
        if (status < 200 || status >= 300) errors++;
      } catch {
        errors++;
      }
      latencies[done++] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.slice(0, done).sort();
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    endpoint: `${t.method} ${t.path}`,
    requests: done,
    errors,
    seconds: r2(elapsed),
    rps: Math.round(done / elapsed),
    p50ms: r2(percentile(sorted, 50)),
    p90ms: r2(percentile(sorted, 90)),
    p99ms: r2(percentile(sorted, 99)),
    maxms: r2(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

async function main(): Promise<void> {
  const pgDsn = process.env.TEST_PG_DSN;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!pgDsn || !redisUrl) throw new Error('run through scripts/test-services.sh (npm run bench does)');
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', EXAMPLE_MAIN], {
    cwd: PACKAGE_DIR,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      DIAGNOSTICS_SECRET: SECRET,
      PGDSN: pgDsn,
      REDIS_ENDPOINT: redisUrl,
      ENVIRONMENT_ID: 'bench',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    },
    // Request logs are written (JSON serialisation included) but discarded.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const health: Target = {
      name: 'healthz',
      method: 'GET',
      path: '/-/healthz',
      headers: { authorization: `Bearer ${SECRET}` },
    };
    const accounts: Target = { name: 'accounts', method: 'GET', path: '/accounts?limit=10', headers: {} };
    const agent = new Agent({ keepAlive: true });
    const readyBy = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await once(agent, port, health)) === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > readyBy) throw new Error('the example service did not become healthy');
      await new Promise((r) => setTimeout(r, 100));
    }
    for (let i = 0; i < 100; i++) {
      await once(
        agent,
        port,
        { name: 'seed', method: 'POST', path: '/accounts', headers: { 'content-type': 'application/json' } },
        JSON.stringify({ name: `account-${i}` }),
      );
    }
    agent.destroy();

    console.log(
      `bench: loopback 127.0.0.1:${port}, concurrency ${concurrency}, at most ${seconds}s or ${maxRequests} requests per endpoint, ${warmupMs}ms warm-up`,
    );
    const results: Result[] = [];
    for (const t of [health, accounts]) {
      await run(port, t, warmupMs, maxRequests);
      results.push(await run(port, t, seconds * 1000, maxRequests));
    }
    console.log('');
    console.log('endpoint                 requests  errors   req/s   p50 ms   p90 ms   p99 ms   max ms');
    for (const r of results) {
      console.log(
        `${r.endpoint.padEnd(24)} ${String(r.requests).padStart(8)} ${String(r.errors).padStart(7)} ${String(r.rps).padStart(7)} ${r.p50ms.toFixed(2).padStart(8)} ${r.p90ms.toFixed(2).padStart(8)} ${r.p99ms.toFixed(2).padStart(8)} ${r.maxms.toFixed(2).padStart(8)}`,
      );
    }
    console.log('');
    console.log(`bench-json: ${JSON.stringify({ node: process.version, concurrency, results })}`);
    if (results.some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) {
      console.error(`bench: the example service exited with ${code}`);
      process.exitCode = 1;
    }
  }
}

await main();
