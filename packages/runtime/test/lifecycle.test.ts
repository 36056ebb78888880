import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ContractError,
  createIntervalRoutine,
  DeadlineExceededError,
  ExitCode,
  executeJob,
  jobExecutionId,
  type Routine,
  type ServiceDefinition,
  startService,
  uuidv7,
} from '../src/index.ts';
import { httpRequest, LogCapture } from './helpers.ts';

const BASE_ENV = { PORT: '0', DIAGNOSTICS_SECRET: 'secret' };

function recordingRoutine(name: string, events: string[], stopDelayMs = 0): Routine {
  return {
    name,
    start: () => {
      events.push(`start ${name}`);
    },
    stop: async () => {
      await sleep(stopDelayMs);
      events.push(`stop ${name}`);
    },
  };
}

describe('startService lifecycle', () => {
  it('starts routines in order, drains HTTP, then stops routines last-first', async () => {
    const events: string[] = [];
    const logs = new LogCapture();
    const def: ServiceDefinition = {
      name: 'svc',
      version: 'v1',
      initialize: () => ({
        handler: async (_req, res) => {
          await sleep(300);
          events.push('request done');
          res.end('done');
        },
        routines: [recordingRoutine('a', events), recordingRoutine('b', events, 20)],
      }),
    };
    const svc = await startService(def, { env: BASE_ENV, host: '127.0.0.1', logDestination: logs });
    assert.deepEqual(events, ['start a', 'start b']);
    const pending = httpRequest(svc.address.port, '/');
    await sleep(100);
    const code = await svc.shutdown('test');
    assert.equal((await pending).body, 'done');
    assert.equal(code, ExitCode.OK);
    assert.equal(await svc.stopped, ExitCode.OK);
    assert.deepEqual(events, ['start a', 'start b', 'request done', 'stop b', 'stop a']);
    assert.equal(logs.find('shutting down').length, 1);
    assert.equal(logs.find('service stopped')[0]!.exitCode, 0);
  });

  it('serves a request arriving on an open connection after shutdown began, with Connection: close', async () => {
    const svc = await startService(
      {
        name: 'svc',
        version: 'v1',
        initialize: () => ({
          handler: async (_req, res) => {
            await sleep(400);
            res.end('slow');
          },
        }),
      },
      { env: BASE_ENV, host: '127.0.0.1', logDestination: new LogCapture() },
    );
    const port = svc.address.port;
    // A connection whose request has begun but not finished: not idle, so it stays open.
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.on('data', (d: Buffer) => {
      raw += d.toString();
    });
    socket.on('error', () => {});
    const closed = new Promise((r) => socket.once('close', r));
    await new Promise((r) => socket.once('connect', r));
    socket.write('GET /late HTTP/1.1\r\nHost: x\r\n');
    const inflight = httpRequest(port, '/');
    await sleep(100);
    const stopping = svc.shutdown('test');
    await sleep(50);
    if (!socket.destroyed) socket.write('\r\n');
    await closed;
    // Not reset and not refused: answered, and the connection closed after the answer.
    assert.match(raw, /^HTTP\/1\.1 200 /);
    assert.match(raw, /connection: close/i);
    assert.match(raw, /slow$/);
    assert.equal((await inflight).body, 'slow');
    // After the linger (500 ms) the listening socket is closed: new connections are refused outright.
    await sleep(600);
    await assert.rejects(httpRequest(port, '/'), { code: 'ECONNREFUSED' });
    assert.equal(await stopping, ExitCode.OK);
  });

  it('cuts off requests still running at the end of the grace period and exits 1', async () => {
    const logs = new LogCapture();
    const svc = await startService(
      {
        name: 'svc',
        version: 'v1',
        initialize: () => ({
          handler: async (_req, res) => {
            await sleep(5000);
            res.end('too late');
          },
        }),
      },
      { env: { ...BASE_ENV, SHUTDOWN_GRACE_PERIOD: '500ms' }, host: '127.0.0.1', logDestination: logs },
    );
    const pending = httpRequest(svc.address.port, '/').then(
      () => 'answered',
      () => 'cut off',
    );
    await sleep(100);
    const begun = Date.now();
    const code = await svc.shutdown('test');
    const took = Date.now() - begun;
    assert.equal(code, ExitCode.FAILURE);
    assert.equal(await pending, 'cut off');
    assert.ok(took < 500 + 250, `shutdown bounded by the grace period (took ${took}ms)`);
    assert.equal(logs.find('grace period over')[0]!.abandoned, 1);
  });

  it('shuts down with exit code 1 when a routine fails', async () => {
    const logs = new LogCapture();
    let fail: ((err: unknown) => void) | undefined;
    const svc = await startService(
      {
        name: 'svc',
        version: 'v1',
        initialize: () => ({
          routines: [
            {
              name: 'consumer',
              start: (ctx) => {
                fail = ctx.fail;
              },
              stop: () => {},
            },
          ],
        }),
      },
      { env: BASE_ENV, host: '127.0.0.1', logDestination: logs },
    );
    fail!(new Error('queue gone'));
    assert.equal(await svc.stopped, ExitCode.FAILURE);
    assert.equal(logs.find('routine failed: queue gone').length, 1);
  });

  it('reports a routine that does not stop in time', async () => {
    const svc = await startService(
      {
        name: 'svc',
        version: 'v1',
        initialize: () => ({
          routines: [{ name: 'stuck', start: () => {}, stop: () => new Promise<void>(() => {}) }],
        }),
      },
      {
        env: { ...BASE_ENV, SHUTDOWN_GRACE_PERIOD: '400ms' },
        host: '127.0.0.1',
        logDestination: new LogCapture(),
      },
    );
    assert.equal(await svc.shutdown('test'), ExitCode.FAILURE);
  });

  it('rejects an invalid environment with every problem, before initialize', async () => {
    let initialized = false;
    await assert.rejects(
      startService(
        {
          name: 'svc',
          version: 'v1',
          config: (env) => env.int('WORKERS'),
          initialize: () => {
            initialized = true;
            return {};
          },
        },
        { env: { PORT: 'x', WORKERS: 'y' }, logDestination: new LogCapture() },
      ),
      (err: unknown) =>
        err instanceof ContractError && err.problems.map((p) => p.variable).join() === 'PORT,WORKERS',
    );
    assert.equal(initialized, false);
  });

  it('stops started routines when initialize has succeeded but a later routine fails to start', async () => {
    const events: string[] = [];
    await assert.rejects(
      startService(
        {
          name: 'svc',
          version: 'v1',
          initialize: () => ({
            routines: [
              recordingRoutine('a', events),
              { name: 'b', start: () => Promise.reject(new Error('cannot start b')), stop: () => {} },
            ],
          }),
        },
        { env: BASE_ENV, logDestination: new LogCapture() },
      ),
      /cannot start b/,
    );
    assert.deepEqual(events, ['start a', 'stop a']);
  });

  it('serves 404 and diagnostics when the service has no handler', async () => {
    const svc = await startService(
      { name: 'svc', version: 'v7', initialize: () => ({}) },
      { env: BASE_ENV, host: '127.0.0.1', logDestination: new LogCapture() },
    );
    try {
      assert.equal((await httpRequest(svc.address.port, '/anything')).status, 404);
      assert.equal((await httpRequest(svc.address.port, '/-/version')).body, 'v7');
    } finally {
      await svc.shutdown('test');
    }
  });
});

describe('createIntervalRoutine', () => {
  it('runs periodically, survives errors, and waits for the running call on stop', async () => {
    let runs = 0;
    let finishedAfterStop = false;
    const logs = new LogCapture();
    const { createLogger } = await import('../src/index.ts');
    const logger = createLogger({ service: 's', version: 'v', destination: logs });
    const routine = createIntervalRoutine(
      'ticker',
      20,
      async () => {
        runs++;
        if (runs === 2) throw new Error('tick failed');
        await sleep(30);
        finishedAfterStop = true;
      },
      { runAtStart: true },
    );
    const lifetime = new AbortController();
    await routine.start({ logger, signal: lifetime.signal, fail: () => {} });
    await sleep(200);
    finishedAfterStop = false;
    await routine.stop({ signal: AbortSignal.timeout(1000), deadline: Date.now() + 1000 });
    const runsAtStop = runs;
    assert.ok(runs >= 3, `ran ${runs} times`);
    assert.equal(logs.find('routine ticker failed: tick failed').length, 1);
    await sleep(100);
    assert.equal(runs, runsAtStop, 'no runs after stop');
    // Either no call was running at stop, or stop waited for it to finish.
    assert.ok(finishedAfterStop || runs === runsAtStop);
  });
});

describe('executeJob', () => {
  it('exits 0 on success, logging the Cloud Run execution ID', async () => {
    const logs = new LogCapture();
    let seen = '';
    const code = await executeJob(
      {
        name: 'nightly',
        version: 'v1',
        execute: (ctx) => {
          seen = ctx.executionId;
          ctx.logger.info('working');
        },
      },
      {
        env: { CLOUD_RUN_EXECUTION: 'nightly-abc12', CLOUD_RUN_TASK_INDEX: '0', CLOUD_RUN_TASK_ATTEMPT: '1' },
        logDestination: logs,
      },
    );
    assert.equal(code, ExitCode.OK);
    assert.equal(seen, 'nightly-abc12-0-1');
    assert.equal(logs.find('working')[0]!.jobExecutionId, 'nightly-abc12-0-1');
    assert.equal(logs.find('execution starting').length, 1);
    assert.equal(logs.find('job execution succeeded').length, 1);
  });

  it('exits 1 when execute throws', async () => {
    const logs = new LogCapture();
    const code = await executeJob(
      { name: 'j', version: 'v', execute: () => Promise.reject(new Error('upstream 500')) },
      { env: {}, logDestination: logs },
    );
    assert.equal(code, ExitCode.FAILURE);
    const line = logs.find('job execution failed: upstream 500')[0]!;
    assert.equal(line.severity, 'ERROR');
  });

  it('enforces the deadline from JOB_EXECUTION_DEADLINE: aborts the signal and exits 1', async () => {
    const logs = new LogCapture();
    let reason: unknown;
    const begun = Date.now();
    const code = await executeJob(
      {
        name: 'j',
        version: 'v',
        execute: (ctx) =>
          new Promise<void>((resolve) => {
            ctx.signal.addEventListener('abort', () => {
              reason = ctx.signal.reason;
              resolve(); // returning "successfully" after the deadline is still a failure
            });
          }),
      },
      { env: { JOB_EXECUTION_DEADLINE: '0.3s' }, logDestination: logs },
    );
    assert.equal(code, ExitCode.FAILURE);
    assert.ok(reason instanceof DeadlineExceededError);
    assert.ok(Date.now() - begun >= 300);
    assert.equal(logs.find('deadline of 300ms exceeded').length, 1);
  });

  it('gives up on a job ignoring the deadline after the grace period', async () => {
    const begun = Date.now();
    const code = await executeJob(
      { name: 'j', version: 'v', deadlineMs: 100, execute: () => new Promise<void>(() => {}) },
      { env: { SHUTDOWN_GRACE_PERIOD: '200ms' }, logDestination: new LogCapture() },
    );
    assert.equal(code, ExitCode.FAILURE);
    assert.ok(Date.now() - begun < 100 + 200 + 1000, 'bounded by deadline + grace');
  });

  it('exits 143 when interrupted by SIGTERM', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('SIGTERM'), 50);
    const code = await executeJob(
      {
        name: 'j',
        version: 'v',
        execute: (ctx) =>
          new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve())),
      },
      { env: {}, logDestination: new LogCapture(), signal: controller.signal },
    );
    assert.equal(code, ExitCode.SIGTERM);
  });

  it('exits 1 for an invalid environment, naming every problem in one CRITICAL line', async () => {
    const logs = new LogCapture();
    let ran = false;
    const code = await executeJob(
      {
        name: 'j',
        version: 'v',
        config: (env) => env.string('SOURCE_BUCKET'),
        execute: () => {
          ran = true;
        },
      },
      { env: { JOB_EXECUTION_DEADLINE: 'forever', MSP: 'true' }, logDestination: logs },
    );
    assert.equal(code, ExitCode.FAILURE);
    assert.equal(ran, false);
    assert.equal(logs.lines.length, 1);
    const line = logs.lines[0]!;
    assert.equal(line.severity, 'CRITICAL');
    const vars = (line.problems as { variable: string }[]).map((p) => p.variable);
    assert.deepEqual(vars, [
      'ENVIRONMENT_ID',
      'DIAGNOSTICS_SECRET',
      'GOOGLE_CLOUD_PROJECT',
      'JOB_EXECUTION_DEADLINE',
      'SOURCE_BUCKET',
    ]);
    for (const v of vars) assert.ok(String(line.message).includes(v));
  });
});

describe('execution IDs', () => {
  it('uses the Cloud Run variables, else the trace ID, else a UUIDv7', () => {
    const job = { cronSchedule: undefined, deadlineMs: undefined, taskCount: undefined };
    assert.equal(jobExecutionId({ ...job, execution: 'e', taskIndex: 3, taskAttempt: 0 }), 'e-3-0');
    assert.equal(
      jobExecutionId({ ...job, execution: 'e', taskIndex: undefined, taskAttempt: undefined }),
      'e',
    );
    assert.equal(
      jobExecutionId({ ...job, execution: undefined, taskIndex: undefined, taskAttempt: undefined }, 'abc'),
      'abc',
    );
    const id = jobExecutionId({ ...job, execution: undefined, taskIndex: undefined, taskAttempt: undefined });
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('uuidv7 embeds the time and sorts by it', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    assert.equal(a.slice(0, 13).replace('-', ''), (1_700_000_000_000).toString(16).padStart(12, '0'));
    assert.ok(a < b);
  });
});

describe('shutdown with a hung exporter', () => {
  it('stays a clean stop (exit 0) within the grace period when the collector never answers', async () => {
    const { createServer } = await import('node:http');
    const hung = createServer(() => {});
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
    const logs = new LogCapture();
    try {
      const svc = await startService(
        {
          name: 'svc',
          version: 'v1',
          initialize: () => ({
            handler: (_req, res) => {
              res.end('ok');
            },
          }),
        },
        {
          env: {
            ...BASE_ENV,
            SHUTDOWN_GRACE_PERIOD: '1500ms',
            OTEL_TRACES_EXPORTER: 'otlp',
            OTEL_METRICS_EXPORTER: 'otlp',
            OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
          },
          host: '127.0.0.1',
          logDestination: logs,
        },
      );
      assert.equal((await httpRequest(svc.address.port, '/')).status, 200);
      const began = Date.now();
      assert.equal(await svc.shutdown('test'), ExitCode.OK);
      assert.ok(Date.now() - began < 1500, 'within the grace period');
      assert.ok(logs.find('flush did not finish in time').length === 1, 'the abandoned flush is logged');
    } finally {
      hung.closeAllConnections();
      await new Promise<void>((r) => hung.close(() => r()));
    }
  });
});
