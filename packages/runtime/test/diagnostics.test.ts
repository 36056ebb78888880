import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import {
  createDiagnosticsHandler,
  createLogger,
  type HealthCheck,
  HttpServer,
  parseBearerToken,
  runHealthChecks,
  tokenMatches,
} from '../src/index.ts';
import { httpRequest, LogCapture } from './helpers.ts';

const SECRET = '0123456789abcdef';

describe('bearer token', () => {
  it('parses the Bearer scheme, any case', () => {
    assert.equal(parseBearerToken(`Bearer ${SECRET}`), SECRET);
    assert.equal(parseBearerToken(`bearer ${SECRET}`), SECRET);
    assert.equal(parseBearerToken(`BEARER   ${SECRET}  `), SECRET);
    assert.equal(parseBearerToken(`Basic ${SECRET}`), undefined);
    assert.equal(parseBearerToken('Bearer'), undefined);
    assert.equal(parseBearerToken('Bearer a b'), undefined);
    assert.equal(parseBearerToken(undefined), undefined);
  });

  it('matches only the exact secret', () => {
    assert.equal(tokenMatches(SECRET, SECRET), true);
    assert.equal(tokenMatches('0123456789abcdeF', SECRET), false);
    assert.equal(tokenMatches('0123', SECRET), false);
    assert.equal(tokenMatches(`${SECRET}00`, SECRET), false);
    assert.equal(tokenMatches('', SECRET), false);
    assert.equal(tokenMatches(undefined, SECRET), false);
  });
});

describe('runHealthChecks', () => {
  it('reports ok and error checks, and times out slow ones', async () => {
    let aborted = false;
    const report = await runHealthChecks(
      [
        { name: 'fine', check: () => {} },
        {
          name: 'throws',
          check: () => {
            throw new Error('boom');
          },
        },
        {
          name: 'rejects',
          check: async () => {
            throw new Error('nope');
          },
        },
        {
          name: 'hangs',
          check: ({ signal }) =>
            new Promise<void>((resolve) => {
              signal.addEventListener('abort', () => {
                aborted = true;
                resolve();
              });
            }),
        },
      ],
      { timeoutMs: 100 },
    );
    assert.equal(report.status, 'error');
    assert.equal(report.checks.fine?.status, 'ok');
    assert.equal(report.checks.throws?.error, 'boom');
    assert.equal(report.checks.rejects?.error, 'nope');
    assert.equal(report.checks.hangs?.error, 'timed out after 100ms');
    assert.equal(aborted, true, 'the slow check was told to stop');
  });

  it('is ok with no checks', async () => {
    assert.deepEqual(await runHealthChecks([]), { status: 'ok', checks: {} });
  });
});

describe('/-/healthz and /-/version over HTTP', () => {
  const logs = new LogCapture();
  const logger = createLogger({ service: 'svc', version: '1.2.3', destination: logs, level: 'debug' });
  let checksRun = 0;
  let healthy = true;
  const checks: HealthCheck[] = [
    {
      name: 'dependency',
      check: () => {
        checksRun++;
        if (!healthy) throw new Error('dependency is down');
      },
    },
  ];
  const makeServer = (secret: string | undefined, extra: HealthCheck[] = []) =>
    new HttpServer({
      handler: (_req, res) => {
        res.writeHead(200);
        res.end('app');
      },
      port: 0,
      host: '127.0.0.1',
      logger,
      tracer: trace.getTracer('test'),
      diagnostics: createDiagnosticsHandler({
        secret,
        version: '1.2.3',
        checks: () => [...checks, ...extra],
        timeoutMs: 200,
        logger,
      }),
    });
  const server = makeServer(SECRET);
  let port = 0;
  before(async () => {
    port = (await server.listen()).port;
  });
  after(async () => {
    await server.drain(Date.now() + 1000);
  });

  const healthz = (authorization?: string) =>
    httpRequest(port, '/-/healthz', authorization === undefined ? {} : { headers: { authorization } });

  it('answers /-/version without a token', async () => {
    const r = await httpRequest(port, '/-/version');
    assert.equal(r.status, 200);
    assert.equal(r.body, '1.2.3');
  });

  it('refuses a request without a token, revealing nothing and running no check', async () => {
    const before = checksRun;
    const r = await healthz();
    assert.equal(r.status, 401);
    assert.deepEqual(r.json(), { error: 'unauthorized' });
    assert.equal(r.headers['www-authenticate'], 'Bearer');
    assert.equal(checksRun, before);
  });

  it('refuses a wrong token, a token of another length and another scheme identically', async () => {
    const before = checksRun;
    const answers = await Promise.all([
      healthz('Bearer 0123456789abcdeX'), // same length, last char differs
      healthz('Bearer 0123'), // shorter
      healthz(`Bearer ${SECRET}${SECRET}`), // longer
      healthz(`Basic ${SECRET}`), // right secret, wrong scheme
      healthz(`Bearer${SECRET}`), // malformed
    ]);
    for (const r of answers) {
      assert.equal(r.status, 401);
      assert.equal(r.body, answers[0]!.body, 'every failure looks the same');
      assert.ok(!r.body.includes('dependency'));
    }
    assert.equal(checksRun, before);
  });

  it('runs the checks for the right token: 200 when healthy, 503 when not', async () => {
    healthy = true;
    const ok = await healthz(`Bearer ${SECRET}`);
    assert.equal(ok.status, 200);
    const okReport = ok.json() as { status: string; checks: Record<string, { status: string }> };
    assert.equal(okReport.status, 'ok');
    assert.equal(okReport.checks.dependency?.status, 'ok');
    assert.equal(ok.headers['cache-control'], 'no-store');

    healthy = false;
    const bad = await healthz(`bearer ${SECRET}`);
    assert.equal(bad.status, 503);
    assert.deepEqual((bad.json() as { checks: unknown }).checks, {
      dependency: {
        status: 'error',
        durationMs: (bad.json() as { checks: { dependency: { durationMs: number } } }).checks.dependency
          .durationMs,
        error: 'dependency is down',
      },
    });
    assert.equal(logs.find('health check failed').length, 1);
    healthy = true;
  });

  it('answers 503 when a check exceeds its timeout', async () => {
    const slow = makeServer(SECRET, [{ name: 'slow', check: () => new Promise<void>(() => {}) }]);
    const p = (await slow.listen()).port;
    try {
      const r = await httpRequest(p, '/-/healthz', { headers: { authorization: `Bearer ${SECRET}` } });
      assert.equal(r.status, 503);
      const report = r.json() as { checks: Record<string, { status: string; error?: string }> };
      assert.equal(report.checks.slow?.error, 'timed out after 200ms');
      assert.equal(report.checks.dependency?.status, 'ok');
    } finally {
      await slow.drain(Date.now() + 1000);
    }
  });

  it('rejects other methods', async () => {
    const r = await httpRequest(port, '/-/healthz', {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}` },
    });
    assert.equal(r.status, 405);
  });

  it('leaves other paths to the service', async () => {
    const r = await httpRequest(port, '/-/healthzz');
    assert.equal(r.body, 'app');
  });

  it('is open when no secret is configured (local development)', async () => {
    const open = makeServer(undefined);
    const p = (await open.listen()).port;
    try {
      const r = await httpRequest(p, '/-/healthz');
      assert.equal(r.status, 200);
    } finally {
      await open.drain(Date.now() + 1000);
    }
  });
});
