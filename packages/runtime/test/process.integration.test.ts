// The example service and a job as real child processes: signals, exit codes, graceful drain.
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Child, EXAMPLE_MAIN, freePort, httpRequest, PACKAGE_DIR, testServices } from './helpers.ts';

const services = testServices();
const SECRET = 'process-secret';
const JOB = join(PACKAGE_DIR, 'test', 'fixtures', 'job.ts');

async function startExample(extraEnv: Record<string, string> = {}): Promise<{ child: Child; port: number }> {
  const port = await freePort();
  const child = new Child(EXAMPLE_MAIN, {
    PORT: String(port),
    DIAGNOSTICS_SECRET: SECRET,
    PGDSN: services.pgDsn,
    REDIS_ENDPOINT: services.redisUrl,
    ENVIRONMENT_ID: 'test',
    ...extraEnv,
  });
  await child.waitForLog('service acme-api');
  return { child, port };
}

describe('graceful shutdown of the example service (child process)', () => {
  it('drains 20 concurrent slow requests after SIGTERM with 0 errors, refuses new connections, answers late requests on open ones, exits 0 within the grace period', async () => {
    const GRACE_MS = 10_000; // what Cloud Run gives between SIGTERM and SIGKILL
    const N = 20;
    const SLOW_MS = 1500;
    const { child, port } = await startExample({ SHUTDOWN_GRACE_PERIOD: `${GRACE_MS}ms` });
    const healthy = await httpRequest(port, '/-/healthz', { headers: { authorization: `Bearer ${SECRET}` } });
    assert.equal(healthy.status, 200, healthy.body);

    // N slow requests, each on its own connection; each sleeps, then queries PostgreSQL and Redis.
    const agent = new Agent({ keepAlive: true, maxSockets: N + 5 });
    const slow = Array.from({ length: N }, () =>
      httpRequest(port, `/slow?ms=${SLOW_MS}`, { agent }).then(
        (r) => ({ ok: r.status === 200, status: r.status, body: r.body, at: Date.now() }),
        (err: Error) => ({ ok: false, status: 0, body: err.message, at: Date.now() }),
      ),
    );
    // A request whose headers have begun but not ended: the connection is busy, not idle.
    const late = connect(port, '127.0.0.1');
    let lateRaw = '';
    late.on('data', (d: Buffer) => {
      lateRaw += d.toString();
    });
    late.on('error', () => {}); // a reset shows up as a missing answer below
    const lateClosed = new Promise((r) => late.once('close', r));
    await new Promise((r) => late.once('connect', r));
    late.write('GET / HTTP/1.1\r\nHost: acme\r\n');
    // Wait until the service is actually handling all N.
    await waitForCount(child, 'slow request waiting', N);

    const sigtermAt = Date.now();
    child.kill('SIGTERM');
    const shuttingDown = await child.waitForLog('shutting down');
    assert.equal(shuttingDown.inFlight, N);

    // A connection arriving right after SIGTERM (maybe already in the accept backlog) is served
    // with Connection: close rather than reset; after the short linger, new ones are refused.
    const early = await httpRequest(port, '/', { timeoutMs: 2000 });
    assert.equal(early.status, 200);
    assert.equal(early.headers.connection, 'close');
    await new Promise((r) => setTimeout(r, 800));
    await assert.rejects(httpRequest(port, '/', { timeoutMs: 2000 }), { code: 'ECONNREFUSED' });
    // A request completing on a connection opened before SIGTERM is answered, with Connection: close.
    if (!late.destroyed) late.write('\r\n');
    await lateClosed;
    assert.match(lateRaw, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(lateRaw, /\r\nconnection: close\r\n/i);
    assert.match(lateRaw, /"service":"acme-api"/);

    const results = await Promise.all(slow);
    const exit = await child.exited;
    agent.destroy();

    const errors = results.filter((r) => !r.ok);
    assert.deepEqual(errors, [], 'every in-flight request completed');
    const counts = results.map((r) => (JSON.parse(r.body) as { count: number }).count);
    assert.equal(new Set(counts).size, N, 'each used Redis after SIGTERM (distinct INCR results)');
    assert.equal(exit.code, 0);
    assert.ok(exit.at >= Math.max(...results.map((r) => r.at)), 'the process outlived its last response');
    const elapsed = exit.at - sigtermAt;
    assert.ok(elapsed < GRACE_MS, `exited ${elapsed}ms after SIGTERM, within the ${GRACE_MS}ms grace period`);
    const stopped = child.logs.find((l) => l.message === 'service stopped');
    assert.equal(stopped?.exitCode, 0);
  });

  it('cuts off what still runs when the grace period ends, and exits 1 on time', async () => {
    const GRACE_MS = 1000;
    const { child, port } = await startExample({ SHUTDOWN_GRACE_PERIOD: `${GRACE_MS}ms` });
    const stuck = httpRequest(port, '/slow?ms=20000').then(
      (r) => `status ${r.status}`,
      (err: NodeJS.ErrnoException) => err.code ?? err.message,
    );
    await waitForCount(child, 'slow request waiting', 1);
    const sigtermAt = Date.now();
    child.kill('SIGTERM');
    const exit = await child.exited;
    assert.equal(exit.code, 1);
    assert.ok(exit.at - sigtermAt < GRACE_MS + 500, `exited ${exit.at - sigtermAt}ms after SIGTERM`);
    assert.equal(await stuck, 'ECONNRESET');
    assert.ok(child.logs.some((l) => String(l.message).includes('grace period over') && l.abandoned === 1));
  });

  it('drains on SIGINT too, and a second signal exits at once with 128+signal', async () => {
    const { child, port } = await startExample();
    const slow = httpRequest(port, '/slow?ms=20000').catch(() => 'cut');
    await waitForCount(child, 'slow request waiting', 1);
    child.kill('SIGINT');
    await child.waitForLog('shutting down');
    child.kill('SIGTERM');
    const exit = await child.exited;
    assert.equal(exit.code, 143);
    assert.equal(await slow, 'cut');
    assert.ok(child.logs.some((l) => l.message === 'second signal during shutdown: exiting now'));
  });

  it('exits 1 on an invalid environment, naming every problem in one line', async () => {
    const child = new Child(EXAMPLE_MAIN, {
      MSP: 'true',
      PORT: 'eighty',
      ACCOUNTS_MAX_LIMIT: 'lots',
      PGDSN: services.pgDsn,
    });
    const exit = await child.exited;
    assert.equal(exit.code, 1);
    assert.equal(child.logs.length, 1);
    const line = child.logs[0]!;
    assert.equal(line.severity, 'CRITICAL');
    const vars = (line.problems as { variable: string }[]).map((p) => p.variable);
    assert.deepEqual(vars, [
      'ENVIRONMENT_ID',
      'PORT',
      'DIAGNOSTICS_SECRET',
      'GOOGLE_CLOUD_PROJECT',
      'PGDSN',
      'ACCOUNTS_MAX_LIMIT',
    ]);
    for (const v of vars) assert.ok(String(line.message).includes(`${v}: `), `message names ${v}`);
  });

  it('answers SANITY_CHECK and --help without starting', async () => {
    const sanity = new Child(EXAMPLE_MAIN, { SANITY_CHECK: 'true' });
    assert.equal((await sanity.exited).code, 0);
    assert.deepEqual(sanity.logs[0], { name: 'acme-api', version: '0.1.0' });
    const help = new Child(EXAMPLE_MAIN, {}, ['--help']);
    assert.equal((await help.exited).code, 0);
    const text = help.logs.map((l) => l.message).join('\n');
    assert.match(text, /SERVICE: acme-api/);
    assert.match(text, /GREETING: greeting of GET \/ \(default: "hello from acme-api"\)/);
    assert.match(text, /PORT: .* \(required\)/);
  });
});

describe('runJob (child process)', () => {
  const jobEnv = {
    CLOUD_RUN_EXECUTION: 'fixture-job-7xk2q',
    CLOUD_RUN_TASK_INDEX: '0',
    CLOUD_RUN_TASK_ATTEMPT: '0',
  };

  it('exits 0 on success, with the Cloud Run execution ID on its lines', async () => {
    const child = new Child(JOB, { ...jobEnv, JOB_MODE: 'ok' });
    assert.equal((await child.exited).code, 0);
    const running = child.logs.find((l) => l.message === 'job running')!;
    assert.equal(running.jobExecutionId, 'fixture-job-7xk2q-0-0');
    assert.ok(child.logs.some((l) => l.message === 'job execution succeeded'));
  });

  it('exits 1 on failure', async () => {
    const child = new Child(JOB, { ...jobEnv, JOB_MODE: 'fail' });
    assert.equal((await child.exited).code, 1);
    assert.ok(
      child.logs.some(
        (l) => l.message === 'job execution failed: the upstream said no' && l.severity === 'ERROR',
      ),
    );
  });

  it('exits 1 when JOB_EXECUTION_DEADLINE passes, even if the job ignores it', async () => {
    const startedAt = Date.now();
    const child = new Child(JOB, {
      ...jobEnv,
      JOB_MODE: 'ignore-abort',
      JOB_EXECUTION_DEADLINE: '1s',
      SHUTDOWN_GRACE_PERIOD: '500ms',
    });
    const exit = await child.exited;
    assert.equal(exit.code, 1);
    assert.ok(exit.at - startedAt < 20_000, 'did not wait for the 60 s sleep');
    assert.ok(child.logs.some((l) => String(l.message).includes('deadline of 1000ms exceeded')));
  });

  it('exits 143 on SIGTERM after letting the job stop', async () => {
    const child = new Child(JOB, { ...jobEnv, JOB_MODE: 'honour-abort' });
    await child.waitForLog('job running');
    child.kill('SIGTERM');
    const exit = await child.exited;
    assert.equal(exit.code, 143);
    assert.ok(child.logs.some((l) => l.message === 'job noticed the abort'));
  });
});

async function waitForCount(child: Child, text: string, n: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (child.logs.filter((l) => String(l.message).includes(text)).length < n) {
    if (Date.now() > until) throw new Error(`saw fewer than ${n} "${text}" lines`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
