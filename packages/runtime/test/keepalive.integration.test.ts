// SIGTERM under load from many keep-alive clients, against the example service as a child
// process with the real PostgreSQL and Redis: no connection is reset, no request is dropped.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { describe, it } from 'node:test';
import { Child, EXAMPLE_MAIN, freePort, httpRequest, testServices, waitFor } from './helpers.ts';

const services = testServices();

interface Outcome {
  status: number;
  connectionClose: boolean;
  afterSigterm: boolean;
}

/** One request on `agent`; resolves with the outcome or rejects with the socket error. */
function send(
  port: number,
  path: string,
  agent: Agent,
  sigterm: { at: number | undefined },
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          connectionClose: /close/i.test(String(res.headers.connection ?? '')),
          afterSigterm: sigterm.at !== undefined,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('SIGTERM with many keep-alive clients', () => {
  it('resets no connection and drops no request; every client is told to close', async () => {
    const port = await freePort();
    const child = new Child(EXAMPLE_MAIN, {
      PORT: String(port),
      PGDSN: services.pgDsn,
      REDIS_ENDPOINT: services.redisUrl,
      ENVIRONMENT_ID: 'test',
      SHUTDOWN_GRACE_PERIOD: '9s',
      LOG_LEVEL: 'warn',
    });
    // LOG_LEVEL=warn keeps the request logs out; wait for the liveness endpoint instead.
    await waitFor(async () => (await httpRequest(port, '/-/livez')).status === 200, 20_000, 'the service');
    await httpRequest(port, '/accounts?limit=1');

    const LOOPING = 48; // clients sending back-to-back on one kept-alive connection each
    const SLOW = 12; // clients whose request is in flight when SIGTERM arrives
    const IDLE = 16; // clients holding an idle kept-alive connection
    const sigterm: { at: number | undefined } = { at: undefined };
    const errors: { client: string; code: string; afterSigterm: boolean }[] = [];
    const outcomes: Outcome[] = [];
    const agents: Agent[] = [];
    const agent = () => {
      const a = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(a);
      return a;
    };

    const loops = Array.from({ length: LOOPING }, async (_, i) => {
      const a = agent();
      const path = i % 2 === 0 ? '/' : '/accounts?limit=1';
      for (;;) {
        try {
          const o = await send(port, path, a, sigterm);
          outcomes.push(o);
          // Told to close: a client (or load balancer) goes elsewhere from here.
          if (o.connectionClose) return o;
        } catch (err) {
          errors.push({
            client: `loop-${i}`,
            code: (err as NodeJS.ErrnoException).code ?? String(err),
            afterSigterm: sigterm.at !== undefined,
          });
          return undefined;
        }
      }
    });
    const idleAgents = Array.from({ length: IDLE }, () => agent());
    await Promise.all(idleAgents.map((a) => send(port, '/', a, sigterm)));
    await new Promise((r) => setTimeout(r, 400));

    const slow = Array.from({ length: SLOW }, (_, i) =>
      send(port, '/slow?ms=1200', agent(), sigterm).catch((err: NodeJS.ErrnoException) => {
        errors.push({ client: `slow-${i}`, code: err.code ?? String(err), afterSigterm: true });
        return undefined;
      }),
    );
    // Let the slow requests reach the handler (they sleep 1.2 s there, then use PostgreSQL and Redis).
    await new Promise((r) => setTimeout(r, 400));
    sigterm.at = Date.now();
    child.kill('SIGTERM');

    const loopEnds = await Promise.all(loops);
    const slowEnds = await Promise.all(slow);
    const exit = await child.exited;
    for (const a of agents) a.destroy();

    assert.deepEqual(errors, [], 'no reset, no hang-up, no refused request on an open connection');
    assert.equal(exit.code, 0, child.stderr.join(''));
    for (const o of loopEnds)
      assert.equal(o?.connectionClose, true, 'each looping client got a clean Connection: close answer');
    for (const o of slowEnds) {
      assert.equal(o?.status, 200, 'in-flight requests completed');
      assert.equal(o?.afterSigterm, true, 'they were in flight at SIGTERM');
    }
    const late = outcomes.filter((o) => o.afterSigterm);
    assert.ok(
      late.length >= LOOPING / 2,
      `requests arriving on open connections after SIGTERM were answered (${late.length})`,
    );
    assert.ok(
      late.every((o) => o.status === 200),
      'answered normally, not refused',
    );
    assert.ok(
      child.logs.every((l) => l.unparsed !== true),
      'stdout is JSON only',
    );
  });
});
