// Frozen (SIGSTOP) and refusing PostgreSQL and Redis, against the real servers of
// scripts/test-services.sh. Latency is bounded by outcome: every request must come back with an
// error answer from the service before the test's own client gives up, which it does well
// before the service would be stuck for the whole outage.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { service as exampleService } from '../../../examples/runtime-service/src/service.ts';
import { type PostgresDatabase, type RunningService, startService } from '../src/index.ts';
import { httpRequest, LogCapture, testServices, waitFor } from './helpers.ts';

const services = testServices();
const SECRET = 'failure-secret';
const AUTH = { authorization: `Bearer ${SECRET}` };
/** The client's patience: far above the service's timeouts below, far below an outage. */
const CLIENT_PATIENCE_MS = 6000;

/** PIDs of a server: PostgreSQL's postmaster and all its backends, or redis-server. */
function serverPids(which: 'pg' | 'redis'): number[] {
  const dir = process.env.TEST_SERVICES_DIR;
  if (!dir) throw new Error('TEST_SERVICES_DIR is not set');
  if (which === 'redis') return [Number(readFileSync(join(dir, 'redis', 'redis.pid'), 'utf8').trim())];
  const postmaster = Number(readFileSync(join(dir, 'pg', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (after the parenthesised command name) is the parent PID.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

/** Freezes a server (SIGSTOP): connections stay open, nothing is answered. Returns the thaw. */
function freeze(which: 'pg' | 'redis'): () => void {
  const pids = serverPids(which);
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  let thawed = false;
  return () => {
    if (thawed) return;
    thawed = true;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone
      }
    }
  };
}

describe('frozen and refusing data stores', () => {
  let svc: RunningService;
  let port = 0;
  let db: PostgresDatabase | undefined;
  const logs = new LogCapture();
  let thaw: (() => void) | undefined;

  before(async () => {
    svc = await startService(
      {
        ...exampleService,
        healthCheckTimeoutMs: 700,
        async initialize(ctx) {
          const setup = await exampleService.initialize(ctx);
          db = await ctx.postgres('primary');
          return setup;
        },
      },
      {
        env: {
          PORT: '0',
          DIAGNOSTICS_SECRET: SECRET,
          PGDSN: services.pgDsn,
          REDIS_ENDPOINT: services.redisUrl,
          PG_QUERY_TIMEOUT: '1s',
          PG_CONNECT_TIMEOUT: '1s',
          REDIS_COMMAND_TIMEOUT: '500ms',
          REDIS_CONNECT_TIMEOUT: '1s',
          HEARTBEAT_INTERVAL: '1h',
        },
        host: '127.0.0.1',
        logDestination: logs,
      },
    );
    port = svc.address.port;
    // Warm the pool: idle connections exist when the server freezes (the hard case).
    await Promise.all([1, 2, 3].map(() => httpRequest(port, '/accounts?limit=1')));
  });

  after(async () => {
    thaw?.();
    await svc?.shutdown('test over');
  });

  it('fails PostgreSQL requests within the query timeout while the server is frozen, and recovers', async () => {
    thaw = freeze('pg');
    try {
      // More requests than idle connections: some wait for a connection, some hit a frozen one.
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          httpRequest(port, '/accounts?limit=1', { timeoutMs: CLIENT_PATIENCE_MS }),
        ),
      );
      for (const r of results) assert.equal(r.status, 500, r.body);
      const errors = logs
        .find('request handler failed')
        .map((l) => l.err as { type: string; message: string });
      assert.ok(errors.length >= 12);
      assert.ok(
        errors.every((e) => e.type === 'PostgresTimeoutError'),
        JSON.stringify(errors.slice(0, 3)),
      );
      assert.ok(errors.some((e) => /PG_QUERY_TIMEOUT|PG_CONNECT_TIMEOUT/.test(e.message)));

      // The readiness check fails within its own timeout and leaves no connection checked out.
      for (let i = 0; i < 4; i++) {
        const h = await httpRequest(port, '/-/healthz', { headers: AUTH, timeoutMs: CLIENT_PATIENCE_MS });
        assert.equal(h.status, 503);
        const check = (h.json() as { checks: Record<string, { status: string; error?: string }> }).checks[
          'postgres:primary'
        ]!;
        assert.equal(check.status, 'error');
      }
      const pool = db!.pool;
      await waitFor(
        () => pool.totalCount - pool.idleCount === 0 && pool.waitingCount === 0,
        3000,
        'no held connection',
      );
      // Liveness checks the process only: it stays green.
      assert.equal((await httpRequest(port, '/-/livez', { timeoutMs: CLIENT_PATIENCE_MS })).status, 200);
    } finally {
      thaw();
    }
    await waitFor(
      async () => (await httpRequest(port, '/accounts?limit=1')).status === 200,
      10_000,
      'recovery',
    );
    assert.equal((await httpRequest(port, '/-/healthz', { headers: AUTH })).status, 200);
  });

  it('fails PostgreSQL requests fast while the server refuses connections, and recovers', async () => {
    logs.lines.length = 0;
    services.control('pg-stop');
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          httpRequest(port, '/accounts?limit=1', { timeoutMs: CLIENT_PATIENCE_MS }),
        ),
      );
      for (const r of results) assert.equal(r.status, 500);
      const h = await httpRequest(port, '/-/healthz', { headers: AUTH, timeoutMs: CLIENT_PATIENCE_MS });
      assert.equal(h.status, 503);
      assert.match(JSON.stringify(h.json()), /ECONNREFUSED|terminat|connect/i);
    } finally {
      services.control('pg-start');
    }
    await waitFor(
      async () => (await httpRequest(port, '/accounts?limit=1')).status === 200,
      10_000,
      'recovery',
    );
  });

  it('fails Redis requests within the command timeout while the server is frozen, and recovers', async () => {
    logs.lines.length = 0;
    thaw = freeze('redis');
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          httpRequest(port, '/counter', { method: 'POST', timeoutMs: CLIENT_PATIENCE_MS }),
        ),
      );
      for (const r of results) assert.equal(r.status, 500);
      const errors = logs
        .find('request handler failed')
        .map((l) => l.err as { type: string; message: string });
      assert.ok(errors.length >= 8);
      assert.ok(
        errors.every((e) => e.type === 'RedisTimeoutError'),
        JSON.stringify(errors.slice(0, 2)),
      );
      assert.match(errors[0]!.message, /INCR: no reply within 500ms \(REDIS_COMMAND_TIMEOUT\)/);
      const h = await httpRequest(port, '/-/healthz', { headers: AUTH, timeoutMs: CLIENT_PATIENCE_MS });
      assert.equal(h.status, 503);
      assert.equal(
        (h.json() as { checks: Record<string, { status: string }> }).checks.redis!.status,
        'error',
      );
      assert.equal((await httpRequest(port, '/-/livez')).status, 200);
    } finally {
      thaw();
    }
    await waitFor(
      async () => (await httpRequest(port, '/counter', { method: 'POST' })).status === 200,
      10_000,
      'recovery',
    );
  });

  it('fails Redis requests fast while the server refuses connections, and recovers', async () => {
    services.control('redis-stop');
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          httpRequest(port, '/counter', { method: 'POST', timeoutMs: CLIENT_PATIENCE_MS }),
        ),
      );
      for (const r of results) assert.equal(r.status, 500);
      assert.equal(
        (await httpRequest(port, '/-/healthz', { headers: AUTH, timeoutMs: CLIENT_PATIENCE_MS })).status,
        503,
      );
    } finally {
      services.control('redis-start');
    }
    await waitFor(
      async () => (await httpRequest(port, '/counter', { method: 'POST' })).status === 200,
      15_000,
      'recovery',
    );
  });
});
